import assert from 'node:assert/strict'
import { filter, map } from 'rxjs'
import { DocumentEvent, DocumentEventTypes, EventBus, silentLogger } from '@torematrix/event-bus'

type Events = {
  [DocumentEventTypes.VALIDATION_COMPLETED]: DocumentEvent
  [DocumentEventTypes.PROCESSING_COMPLETED]: DocumentEvent
}

export async function main(): Promise<void> {
  const bus = new EventBus<Events>({ logger: silentLogger })
  await bus.start()
  const completed: string[] = []
  bus.subscribe(DocumentEventTypes.PROCESSING_COMPLETED, (e) => void completed.push(e.documentId))
  bus.subscribe(DocumentEventTypes.VALIDATION_COMPLETED, () => undefined)
  // A saga turns events into events; its output is published back. If it throws, it is
  // reported on errors$ and resubscribed: it never silently dies.
  bus.saga((events$) =>
    events$.pipe(
      filter((e) => e.eventType === DocumentEventTypes.VALIDATION_COMPLETED),
      map((e) => new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_COMPLETED, documentId: e.documentId })),
    ),
  )
  await bus.publish(new DocumentEvent({ eventType: DocumentEventTypes.VALIDATION_COMPLETED, documentId: 'd3' }))
  await bus.drain()
  assert.deepEqual(completed, ['d3'])
  await bus.stop()
}
