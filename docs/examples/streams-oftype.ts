import assert from 'node:assert/strict'
import { map, toArray, firstValueFrom } from 'rxjs'
import { DocumentEvent, DocumentEventTypes, Event, EventBus, ofType, silentLogger } from '@torematrix/event-bus'

export async function main(): Promise<void> {
  type AppEvents = {
    'user.created': { name: string }
    [DocumentEventTypes.PROCESSING_STARTED]: DocumentEvent
  }
  const bus = new EventBus<AppEvents>({ logger: silentLogger })
  await bus.start()
  // by a key of the map: the stream narrows to that entry (documentId is typed after it);
  // a name that is not in the map is a compile error
  const ids = firstValueFrom(
    bus.events$.pipe(
      ofType(DocumentEventTypes.PROCESSING_STARTED),
      map((e) => e.documentId),
      toArray(),
    ),
  )
  // by an event class (instanceof, as NestJS users write it), on any stream
  const docs = firstValueFrom(bus.events$.pipe(ofType(DocumentEvent), toArray()))
  bus.subscribe('>', () => undefined)
  await bus.publish(new Event({ eventType: 'user.created', payload: { name: 'ada' } }))
  await bus.publish(new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId: 'd7' }))
  await bus.stop() // completes events$
  assert.deepEqual(await ids, ['d7'])
  assert.equal((await docs).length, 1)
}
