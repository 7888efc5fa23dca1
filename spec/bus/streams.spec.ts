import { filter, map, throwError, of, Subject } from 'rxjs'
import { DocumentEvent, DocumentEventTypes, Event, type EventBusError, ofType } from '../../lib'
import { ev, settle, started, startedBus } from '../helpers/fixtures'

describe('EventBus streams and composition', () => {
  it('events$ and on() are hot, match patterns, and complete on stop', async () => {
    const bus = await startedBus()
    bus.subscribe('>', () => undefined)
    const all: string[] = []
    const docs: string[] = []
    let completed = 0
    bus.events$.subscribe({ next: (e) => all.push(e.eventType), complete: () => completed++ })
    bus.on('document.*.started').subscribe({ next: (e) => docs.push(e.eventType), complete: () => completed++ })
    await bus.publish(ev('a.b'))
    await bus.publish(started('d1'))
    await bus.stop()
    expect(all).toEqual(['a.b', DocumentEventTypes.PROCESSING_STARTED])
    expect(docs).toEqual([DocumentEventTypes.PROCESSING_STARTED])
    expect(completed).toBe(2)
  })

  it('ofType narrows the stream type', async () => {
    const bus = await startedBus()
    const ids: string[] = []
    bus.events$.pipe(ofType(DocumentEvent)).subscribe((e) => ids.push(e.documentId))
    await bus.publish(ev('a.b'))
    await bus.publish(started('d2'))
    expect(ids).toEqual(['d2'])
    await bus.stop()
  })

  it('replays the last events to late subscribers when replay is on', async () => {
    const bus = await startedBus({ replay: { count: 2 } })
    for (const t of ['a.one', 'a.two', 'a.three']) await bus.publish(ev(t))
    const late: string[] = []
    bus.events$.subscribe((e) => late.push(e.eventType))
    expect(late).toEqual(['a.two', 'a.three'])
    await bus.stop()
  })

  it('connect publishes an Observable and reports its errors instead of throwing', async () => {
    const bus = await startedBus()
    const got: string[] = []
    const errors: EventBusError[] = []
    bus.errors$.subscribe((e) => errors.push(e))
    bus.subscribe('a.*', (e) => {
      got.push(e.eventType)
    })
    bus.publishFrom(of(ev('a.one'), ev('a.two')))
    bus.publishFrom(throwError(() => new Error('source broke')))
    expect(got).toEqual(['a.one', 'a.two'])
    expect(errors).toHaveLength(1)
    expect(errors[0].message).toMatch(/source broke/)
    await bus.stop()
  })

  it('saga publishes its output as follow-ups and is resubscribed after an error, never silently dying', async () => {
    const bus = await startedBus()
    const errors: EventBusError[] = []
    bus.errors$.subscribe((e) => errors.push(e))
    const billed: string[] = []
    bus.subscribe('order.billed', (e) => {
      billed.push(e.payload['order'] as string)
    })
    bus.subscribe('order.placed', () => undefined)
    bus.saga(
      (events$) =>
        events$.pipe(
          filter((e) => e.eventType === 'order.placed'),
          map((e) => {
            if (e.payload['order'] === 'bad') throw new Error('saga bug')
            return new Event({ eventType: 'order.billed', payload: { order: e.payload['order'] } })
          }),
        ),
      { retry: { count: 10, delayMs: 0 } },
    )
    await bus.publish(ev('order.placed', { order: 'o1' }))
    await bus.publish(ev('order.placed', { order: 'bad' }))
    await new Promise((r) => setTimeout(r, 5))
    await bus.publish(ev('order.placed', { order: 'o2' }))
    await bus.drain()
    expect(billed).toEqual(['o1', 'o2'])
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/saga bug/)])
    expect(() => bus.saga('nope' as never)).toThrow(/saga/)
    await bus.stop()
  })

  it('iterate is a bounded async iterable: overflow dropped and counted, ends on stop', async () => {
    const bus = await startedBus()
    const it = bus.iterate('a.>', { bufferSize: 2 })
    for (let n = 0; n < 5; n++) await bus.publish(ev('a.b', { n }))
    expect(it.dropped).toBe(3)
    const first = await it.next()
    expect((first.value as Event).payload['n']).toBe(3)
    const pending = it.next()
    const later = it.next()
    await bus.publish(ev('a.c', { n: 9 }))
    await expect(pending).resolves.toMatchObject({ done: false, value: { payload: { n: 4 } } })
    await expect(later).resolves.toMatchObject({ done: false, value: { payload: { n: 9 } } })
    const waiting = it.next()
    await bus.stop()
    await expect(waiting).resolves.toEqual({ done: true, value: undefined })
    expect(() => bus.iterate('a.b', { bufferSize: 0 })).toThrow(/bufferSize/)
  })

  it('iterate ends a for-await loop on break and unsubscribes', async () => {
    const bus = await startedBus()
    const source = new Subject<void>()
    const seen: number[] = []
    const loop = (async () => {
      for await (const e of bus.iterate('a.b')) {
        seen.push(e.payload['n'] as number)
        if (seen.length === 2) break
      }
    })()
    for (let n = 0; n < 3; n++) {
      await bus.publish(ev('a.b', { n }))
      await settle()
    }
    await loop
    expect(seen).toEqual([0, 1])
    source.complete()
    await bus.stop()
  })
})
