import { Subject, Subscription } from 'rxjs'
import { Ledger } from '../../lib/bus/Ledger'
import { MetricsScan } from '../../lib/metrics/MetricsScan'
import { Tracked } from '../../lib/pipeline/Tracked'
import { type RouteHost, routeTo } from '../../lib/routing/routeTo'
import { RouteTable } from '../../lib/routing/RouteTable'
import { ev } from '../helpers/fixtures'
import { marbles } from '../helpers/marbles'

const A = 'doc.a.done'
const B = 'doc.b.done'

function fixture(): { table: RouteTable; host: RouteHost & { routed: jest.Mock; unrouted: jest.Mock }; ledger: Ledger } {
  const ledger = new Ledger(100, false)
  const host = { ledger, routed: jest.fn(), unrouted: jest.fn() }
  return { table: new RouteTable(new MetricsScan(true)), host, ledger }
}

const records = () => ({ a: new Tracked(ev(A), null), b: new Tracked(ev(B), null), c: new Tracked(ev(A), null) })

describe('routeTo', () => {
  it('demultiplexes each record to the route of its type and emits nothing itself', () => {
    const { table, host } = fixture()
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const r = records()
      const source = hot('  --a--b--c--|', r)
      const sourceSubs = '  ^----------!'
      const expected = '    -----------|'
      const routeA = '      --a-----c---'
      const routeB = '      -----b------'
      expectObservable(table.route$([A])).toBe(routeA, r)
      expectObservable(table.route$([B])).toBe(routeB, r)
      expectObservable(source.pipe(routeTo(table, host))).toBe(expected)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
    expect(host.routed.mock.calls.map(([e]: [{ eventType: string }]) => e.eventType)).toEqual([A, B, A])
    expect(host.unrouted).not.toHaveBeenCalled()
  })

  it('sets the type statistics and the number of deliveries on the record', () => {
    const { table, host } = fixture()
    const a = new Tracked(ev(A), null)
    const seen: number[] = []
    table.route$([A]).subscribe((rec) => seen.push(rec.remaining))
    table.route$(['doc.*.done']).subscribe((rec) => seen.push(rec.remaining))
    const source = new Subject<Tracked>()
    source.pipe(routeTo(table, host)).subscribe()
    source.next(a)
    expect(seen).toEqual([2, 2])
    expect(a.stats).toBe(table.lookup(A).stats)
  })

  it('reports an unrouted record, flagging the first since the route changed', () => {
    const { table, host } = fixture()
    const source = new Subject<Tracked>()
    source.pipe(routeTo(table, host)).subscribe()
    const [a, b, c] = [new Tracked(ev(A), null), new Tracked(ev(A), null), new Tracked(ev(A), null)]
    source.next(a)
    source.next(b)
    table.route$([A]).subscribe().unsubscribe() // the route changed
    source.next(c)
    expect(host.unrouted.mock.calls.map(([rec, route, first]: [Tracked, unknown, boolean]) => [rec, route, first])).toEqual([
      [a, table.lookup(A), true],
      [b, table.lookup(A), false],
      [c, table.lookup(A), true],
    ])
    expect(a.remaining).toBe(0)
  })

  it('keeps routing correctly across a cached run of one type (a, a, b, a)', () => {
    const { table, host } = fixture()
    marbles(({ hot, expectObservable }) => {
      const r = { ...records(), d: new Tracked(ev(A), null) }
      const source = hot('  -a-c-b-d-|', r)
      expectObservable(table.route$([A])).toBe('-a-c---d--', r)
      expectObservable(table.route$([B])).toBe('-----b----', r)
      expectObservable(source.pipe(routeTo(table, host))).toBe('---------|')
    })
  })

  it('propagates a source error', () => {
    const { table, host } = fixture()
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const r = records()
      const source = hot('  --a--#', r)
      const sourceSubs = '  ^----!'
      const expected = '    -----#'
      expectObservable(table.route$([A])).toBe('--a---', r)
      expectObservable(source.pipe(routeTo(table, host))).toBe(expected)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('unsubscribes from the source when the consumer does, and routes nothing after', () => {
    const { table, host } = fixture()
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const r = records()
      const source = hot('  --a--b--c--|', r)
      const sourceSubs = '  ^---!'
      const unsub = '       ^---!'
      expectObservable(table.route$([A])).toBe('--a---------', r)
      expectObservable(source.pipe(routeTo(table, host)), unsub).toBe('-----')
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('completes on an empty source and stays silent on a never source', () => {
    const { table, host } = fixture()
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const empty = cold<Tracked>('|')
      const never = cold<Tracked>('-')
      expectObservable(empty.pipe(routeTo(table, host))).toBe('|')
      expectObservable(never.pipe(routeTo(table, host))).toBe('-')
      expectSubscriptions(empty.subscriptions).toBe('(^!)')
      expectSubscriptions(never.subscriptions).toBe('^')
    })
    expect(host.routed).not.toHaveBeenCalled()
  })

  it('lets an observer that throws propagate synchronously, with the dispatch count balanced', () => {
    const { table, host, ledger } = fixture()
    const boom = new Error('boom')
    // a route observer as dispatch is: a Subscription that is also an Observer (subscribed as it is)
    class Throwing extends Subscription {
      readonly seq = 1
      next(): void {
        throw boom
      }
      error(): void {
        /* not reached */
      }
      complete(): void {
        /* not reached */
      }
    }
    table.route$([A]).subscribe(new Throwing())
    const source = new Subject<Tracked>()
    source.pipe(routeTo(table, host)).subscribe()
    expect(() => {
      source.next(new Tracked(ev(A), null))
    }).toThrow(boom)
    expect(ledger.isIdle()).toBe(true)
  })
})
