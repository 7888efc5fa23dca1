import { Subject } from 'rxjs'
import type { TransportDelivery } from '../../lib/bus/transport'
import { Tracked } from '../../lib/pipeline/Tracked'
import { dedupeBy } from '../../lib/transports/dedupeBy'
import { DedupeState, Inbound } from '../../lib/transports/Inbound'
import { ev } from '../helpers/fixtures'
import { marbles } from '../helpers/marbles'

interface FakeDelivery extends TransportDelivery {
  readonly ack: jest.Mock
  readonly nak: jest.Mock
  readonly working: jest.Mock
}

const delivery = (deliveryCount = 1): FakeDelivery => ({ deliveryCount, ack: jest.fn(), nak: jest.fn(), working: jest.fn() })

/** A record of an inbound delivery of `event` (the same event object for a redelivery). */
function inbound(event: ReturnType<typeof ev>, state: DedupeState, d: TransportDelivery | null = delivery()): Tracked {
  const rec = new Tracked(event, null)
  rec.inbound = new Inbound(d, null, state)
  return rec
}

describe('dedupeBy', () => {
  it('passes first deliveries, holds twins of in-flight events, acks redeliveries of finished ones', () => {
    const state = new DedupeState(10)
    const e1 = ev('doc.a.done')
    const e2 = ev('doc.b.done')
    const r = { a: inbound(e1, state), t: inbound(e1, state), b: inbound(e2, state), z: inbound(e1, state) }
    marbles(({ hot, expectObservable, expectSubscriptions, cold }) => {
      const source = hot('  --a--t--b--z--|', r)
      const sourceSubs = '  ^-------------!'
      const expected = '    --a-----b-----|'
      // a finishes at frame 9 (between b and its redelivery z)
      cold('---------x').subscribe(() => {
        for (const twin of state.twinsOf(e1.id)) twin.ack()
        state.remember(e1.id)
      })
      expectObservable(source.pipe(dedupeBy(state))).toBe(expected, r)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
    const [a, t, b, z] = [r.a, r.t, r.b, r.z].map((x) => x.inbound?.delivery as FakeDelivery)
    expect(t.ack).toHaveBeenCalledTimes(1) // settled with a (by the test's stand-in for settle)
    expect(z.ack).toHaveBeenCalledTimes(1) // acked at once by dedupeBy
    expect([a.ack, b.ack, a.nak, t.nak, z.nak].map((m) => m.mock.calls.length)).toEqual([0, 0, 0, 0, 0])
    expect(state.inflight.has(e2.id)).toBe(true)
  })

  it('keeps the twins of an in-flight event in arrival order', () => {
    const state = new DedupeState(10)
    const e1 = ev('doc.a.done')
    const source = new Subject<Tracked>()
    const out: Tracked[] = []
    source.pipe(dedupeBy(state)).subscribe((x) => out.push(x))
    const first = inbound(e1, state)
    const twins = [delivery(2), delivery(3)]
    source.next(first)
    for (const d of twins) source.next(inbound(e1, state, d))
    expect(out).toEqual([first])
    expect(state.twinsOf(e1.id)).toEqual(twins)
    expect(state.inflight.has(e1.id)).toBe(false)
  })

  it('passes a record without an inbound delivery untouched, however often', () => {
    const state = new DedupeState(10)
    const e1 = ev('doc.a.done')
    const r = { a: new Tracked(e1, null), b: inbound(e1, state, null), c: new Tracked(e1, null) }
    marbles(({ hot, expectObservable }) => {
      const source = hot('  -a-b-c-|', r)
      const expected = '    -a-b-c-|'
      expectObservable(source.pipe(dedupeBy(state))).toBe(expected, r)
    })
    expect(state.inflight.size).toBe(0)
  })

  it('forgets the oldest finished id beyond its window', () => {
    const state = new DedupeState(1)
    const [e1, e2] = [ev('doc.a.done'), ev('doc.b.done')]
    state.remember(e1.id)
    state.remember(e2.id)
    const source = new Subject<Tracked>()
    const out: Tracked[] = []
    source.pipe(dedupeBy(state)).subscribe((x) => out.push(x))
    const again1 = inbound(e1, state)
    const again2 = inbound(e2, state)
    source.next(again1)
    source.next(again2)
    expect(out).toEqual([again1]) // e1 fell out of the window: handled again
    expect((again2.inbound?.delivery as FakeDelivery).ack).toHaveBeenCalledTimes(1)
  })

  it('propagates a source error', () => {
    const state = new DedupeState(10)
    const r = { a: inbound(ev('doc.a.done'), state) }
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--#', r)
      const sourceSubs = '  ^----!'
      const expected = '    --a--#'
      expectObservable(source.pipe(dedupeBy(state))).toBe(expected, r)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('unsubscribes from the source when the consumer does', () => {
    const state = new DedupeState(10)
    const r = { a: inbound(ev('doc.a.done'), state), b: inbound(ev('doc.b.done'), state) }
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--|', r)
      const sourceSubs = '  ^---!'
      const unsub = '       ^---!'
      const expected = '    --a--'
      expectObservable(source.pipe(dedupeBy(state)), unsub).toBe(expected, r)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
    expect(state.inflight.has(r.b.event.id)).toBe(false)
  })

  it('lets a throwing ack propagate without passing the redelivery on', () => {
    const state = new DedupeState(10)
    const e1 = ev('doc.a.done')
    state.remember(e1.id)
    const hostile = delivery(2)
    hostile.ack.mockImplementation(() => {
      throw new Error('ack failed')
    })
    const source = new Subject<Tracked>()
    const out: Tracked[] = []
    source.pipe(dedupeBy(state)).subscribe((x) => out.push(x))
    expect(() => {
      source.next(inbound(e1, state, hostile))
    }).toThrow('ack failed')
    expect(out).toEqual([])
  })

  it('completes on an empty source and stays silent on a never source', () => {
    const state = new DedupeState(10)
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const empty = cold<Tracked>('|')
      const never = cold<Tracked>('-')
      expectObservable(empty.pipe(dedupeBy(state))).toBe('|')
      expectObservable(never.pipe(dedupeBy(state))).toBe('-')
      expectSubscriptions(empty.subscriptions).toBe('(^!)')
      expectSubscriptions(never.subscriptions).toBe('^')
    })
  })
})
