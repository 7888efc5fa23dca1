import { firstValueFrom, toArray } from 'rxjs'
import { EventBus, EventValidationError, silentLogger, type Event, type EventHandler } from '../../lib'
import { HistoryRing } from '../../lib/history/HistoryRing'
import { ev, startedBus } from '../helpers/fixtures'

const ns = (events: readonly Event[]): number[] => events.map((e) => e.payload['n'] as number)

async function seeded(): Promise<EventBus> {
  const bus = await startedBus({ history: { maxEvents: 100 } })
  const types = ['doc.page.a', 'doc.page.b', 'doc.other']
  for (let i = 0; i < 9; i++) await bus.publish(ev(types[i % 3], { n: i }, { timestamp: 1000 + i }))
  return bus
}

describe('HistoryRing', () => {
  it('keeps the last capacity events in order, without growing', () => {
    const ring = new HistoryRing(3)
    expect(ring.toArray()).toEqual([])
    for (let i = 0; i < 7; i++) ring.push(ev('a.b', { n: i }))
    expect(ring.size).toBe(3)
    expect(ns(ring.toArray())).toEqual([4, 5, 6])
  })
})

describe('bus.history$(typeOrPattern, { since, until, limit, filter })', () => {
  it('is a cold Observable of the matching past events, oldest first, read at each subscription', async () => {
    const bus = await seeded()
    const h$ = bus.history$('doc.page.a')
    expect(ns(await firstValueFrom(h$.pipe(toArray())))).toEqual([0, 3, 6])
    await bus.publish(ev('doc.page.a', { n: 9 }))
    expect(ns(await firstValueFrom(h$.pipe(toArray())))).toEqual([0, 3, 6, 9])
    expect(ns(await firstValueFrom(bus.history$('doc.page.*').pipe(toArray())))).toEqual([0, 1, 3, 4, 6, 7, 9])
    expect(ns(await firstValueFrom(bus.history$(['doc.other', 'doc.page.b']).pipe(toArray())))).toEqual([1, 2, 4, 5, 7, 8])
    await bus.stop()
  })

  it('since and until are inclusive epoch ms, limit takes the first n that match, filter is a predicate', async () => {
    const bus = await seeded()
    const read = (q: Parameters<EventBus['history$']>[1]): Promise<Event[]> => firstValueFrom(bus.history$('doc.>', q).pipe(toArray()))
    expect(ns(await read({ since: 1003, until: 1005 }))).toEqual([3, 4, 5])
    expect(ns(await read({ since: 1002, limit: 2 }))).toEqual([2, 3])
    expect(ns(await read({ filter: (e) => (e.payload['n'] as number) % 4 === 0 }))).toEqual([0, 4, 8])
    expect(ns(await read({ limit: 0 }))).toEqual([])
    await bus.stop()
  })

  it('holds events as handlers see them (after middleware), including unrouted ones, and survives stop/start', async () => {
    const bus = await seeded()
    await bus.stop()
    await bus.start()
    expect(ns(await firstValueFrom(bus.history$('doc.other').pipe(toArray())))).toEqual([2, 5, 8])
    await bus.stop()
  })

  it('refuses a bus without history, a bad type or pattern, and malformed options, naming them', async () => {
    const plain = await startedBus()
    expect(() => plain.history$('doc.page')).toThrow(/history: expected new EventBus\(\{ history: \{ maxEvents \} \}\) or a transport/)
    const bus = await seeded()
    expect(() => bus.history$('')).toThrow(EventValidationError)
    expect(() => bus.history$('doc.*x' as never)).toThrow(/typeOrPattern: expected an event type/)
    expect(() => bus.history$([] as never)).toThrow(/typeOrPattern: expected an event type, a pattern, or a non-empty array/)
    expect(() => bus.history$([42] as never)).toThrow(/typeOrPattern/)
    expect(() => bus.history$('doc.page', { since: NaN })).toThrow(/options\.since: expected epoch milliseconds/)
    expect(() => bus.history$('doc.page', { until: '1' as never })).toThrow(/options\.until/)
    expect(() => bus.history$('doc.page', { limit: -1 })).toThrow(/options\.limit: expected a whole number >= 0/)
    expect(() => bus.history$('doc.page', { filter: 1 as never })).toThrow(/options\.filter: expected a predicate/)
    expect(() => bus.history$('doc.page', { limt: 1 } as never)).toThrow(/options\.limt: expected no such option/)
    expect(() => bus.history$('doc.page', null as never)).toThrow(/options: expected an options object/)
    await plain.stop()
    await bus.stop()
  })

  it('a bus without history records nothing: the route host is the bus own (no per-event cost)', async () => {
    const bus = new EventBus({ logger: silentLogger })
    const parts = (bus as unknown as { parts: { history: { ring: unknown } } }).parts
    expect(parts.history.ring).toBeNull()
    const handler: EventHandler = () => undefined
    bus.subscribe('doc.page', handler)
    expect(bus.unsubscribe('doc.page', handler)).toBe(1)
  })
})
