import assert from 'node:assert/strict'
import { map, toArray, firstValueFrom } from 'rxjs'
import { DocumentEvent, DocumentEventTypes, Event, EventBus, ofType, silentLogger } from '@torematrix/event-bus'

export async function main(): Promise<void> {
  const bus = new EventBus({ logger: silentLogger })
  await bus.start()
  // ofType narrows: documentId is typed after it
  const ids = firstValueFrom(
    bus.events$.pipe(
      ofType<DocumentEvent>(DocumentEventTypes.PROCESSING_STARTED),
      map((e) => e.documentId),
      toArray(),
    ),
  )
  bus.subscribe('>', () => undefined)
  await bus.publish(new Event({ eventType: 'user.created' }))
  await bus.publish(new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId: 'd7' }))
  await bus.stop() // completes events$
  assert.deepEqual(await ids, ['d7'])
}
