import { map } from 'rxjs'
import { DocumentEvent, type Event, EventBus, ofType, silentLogger } from '../../lib'

type AppEvents = {
  'document.processing.started': DocumentEvent
  'user.created': { name: string; age: number }
}

/** Compile-time checks: this file passes when it type-checks (ts-jest type-checks specs) and runs. */
describe('typed buses (compile-time)', () => {
  it('infers event types from names and rejects wrong names and payloads', async () => {
    const bus = new EventBus<AppEvents>({ logger: silentLogger })
    await bus.start()
    const seen: string[] = []
    bus.subscribe('document.processing.started', (e) => {
      const id: string = e.documentId
      seen.push(id)
    })
    bus.subscribe('user.created', (e) => {
      const name: string = e.payload.name
      const age: number = e.payload.age
      seen.push(`${name}:${age}`)
    })
    bus.subscribe('document.*.started', (e) => {
      seen.push(e.eventType)
    })
    // @ts-expect-error: not an event type of AppEvents
    expect(() => bus.subscribe('user.deleted', () => undefined)).not.toThrow()
    bus.emit('user.created', { name: 'ada', age: 36 })
    // @ts-expect-error: wrong payload for user.created
    bus.emit('user.created', { name: 'ada' })
    // @ts-expect-error: payload field of the wrong type
    bus.emit('user.created', { name: 'ada', age: '36' })
    bus.subscribe('user.created', (e) => {
      // @ts-expect-error: no such payload field
      seen.push(String(e.payload.email))
    })
    const names = bus.on('user.created').pipe(map((e) => e.payload.name))
    expect(names).toBeDefined()
    const first: Promise<DocumentEvent> = bus.once('document.processing.started')
    void first.catch(() => undefined)
    await bus.publish(new DocumentEvent({ eventType: 'document.processing.started', documentId: 'd1' }))
    expect(seen).toContain('d1')
    expect(seen).toContain('ada:36')
    await bus.stop()
  })

  it('keeps the narrowed type through ofType', () => {
    const events$ = new EventBus({ logger: silentLogger }).events$
    const ids = events$.pipe(
      ofType<DocumentEvent>('document.processing.started'),
      map((e) => e.documentId),
    )
    expect(ids).toBeDefined()
    const untyped = new EventBus({ logger: silentLogger })
    const fields: unknown[] = []
    untyped.subscribe('any.thing', (e: Event) => {
      // an untyped bus accepts any name; payload fields are unknown
      const v: unknown = e.payload['k']
      fields.push(v)
    })
  })
})
