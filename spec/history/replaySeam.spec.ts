import { map, Subject, type Observable } from 'rxjs'
import { Event } from '../../lib'
import { Ledger } from '../../lib/bus/Ledger'
import { replaySeam, type SeamHost } from '../../lib/history/replaySeam'
import type { MetricsScan } from '../../lib/metrics/MetricsScan'
import { Tracked } from '../../lib/pipeline/Tracked'
import { marbles } from '../helpers/marbles'

const ev = (n: string): Event => new Event({ eventType: 'doc.page', id: n })
const rec = (n: string): Tracked => new Tracked(ev(n), null)
const host = (): SeamHost => ({ ledger: new Ledger(100, false), metrics: { typeStats: () => null } as unknown as MetricsScan })
const ids = (o: Observable<Tracked>): Observable<string> => o.pipe(map((r) => r.event.id))

describe('replaySeam (the replay-then-live source of subscribe({ from }))', () => {
  it('emits the past at subscription, then the live records', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const live = { x: rec('x'), y: rec('y') }
      const source = hot(' ----x--y--|', live)
      const sourceSubs = ' ^---------!'
      const expected = '   (ab)x--y--|'
      expectObservable(ids(replaySeam(source, () => [ev('a'), ev('b')], host()))).toBe(expected, { a: 'a', b: 'b', x: 'x', y: 'y' })
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('a replayed record owes one delivery and is not timed', () => {
    marbles(({ cold, expectObservable }) => {
      const out = replaySeam(cold('|'), () => [ev('a')], host()).pipe(map((r) => [r.remaining, r.acceptedAt, r.inbound]))
      expectObservable(out).toBe('(a|)', { a: [1, null, null] })
    })
  })

  it('passes a live error on', () => {
    marbles(({ hot, expectObservable }) => {
      const source = hot('--x--#', { x: rec('x') })
      expectObservable(ids(replaySeam(source, () => [ev('a')], host()))).toBe('a-x--#', { a: 'a', x: 'x' })
    })
  })

  it('leaves the live source when unsubscribed', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot(' --x--y--|', { x: rec('x'), y: rec('y') })
      const sourceSubs = ' ^---!'
      expectObservable(ids(replaySeam(source, () => [], host())), '^---!').toBe('--x--', { x: 'x' })
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('empty past and a never live source emit nothing', () => {
    marbles(({ cold, expectObservable }) => {
      expectObservable(ids(replaySeam(cold('-'), () => [], host()))).toBe('-')
    })
  })

  it('holds what arrives live while the past is handed over, then sends it after the past (no gap, no duplicate)', () => {
    const live = new Subject<Tracked>()
    const got: string[] = []
    replaySeam(live, () => [ev('a'), ev('b')], host()).subscribe((r) => {
      got.push(r.event.id)
      if (r.event.id === 'a') live.next(rec('x')) // a handler publishing during the replay
    })
    live.next(rec('y'))
    expect(got).toEqual(['a', 'b', 'x', 'y'])
  })

  it('a past() that throws errors the source (the subscription fails at subscribe, not later)', () => {
    const live = new Subject<Tracked>()
    let error: unknown
    replaySeam(
      live,
      () => {
        throw new Error('boom')
      },
      host(),
    ).subscribe({ error: (e: unknown) => (error = e) })
    expect(error).toEqual(new Error('boom'))
    expect(live.observed).toBe(false)
  })
})
