import assert from 'node:assert/strict'
import { DocumentEvent, DocumentEventTypes, EventBus, silentLogger } from '@torematrix/event-bus'

export async function main(): Promise<void> {
  const bus = new EventBus({ logger: silentLogger })
  await bus.start()
  const seen: string[] = []
  bus.subscribe('document.*.started', (e) => void seen.push(`one-segment ${e.eventType}`))
  bus.subscribe('document.>', (e) => void seen.push(`the-rest ${e.eventType}`))
  await bus.publish(new DocumentEvent({ eventType: DocumentEventTypes.OCR_STARTED, documentId: 'd1' }))
  await bus.publish(new DocumentEvent({ eventType: DocumentEventTypes.OCR_COMPLETED, documentId: 'd1' }))
  assert.deepEqual(seen, ['one-segment document.ocr.started', 'the-rest document.ocr.started', 'the-rest document.ocr.completed'])
  await bus.stop()
}
