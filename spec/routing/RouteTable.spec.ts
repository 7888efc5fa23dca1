import { Subscription } from 'rxjs'
import { MetricsScan } from '../../lib/metrics/MetricsScan'
import { Tracked } from '../../lib/pipeline/Tracked'
import { RouteTable } from '../../lib/routing/RouteTable'
import { ev } from '../helpers/fixtures'
import { marbles } from '../helpers/marbles'

const A = 'doc.a.done'
const B = 'doc.b.done'

/** A route observer as a dispatch is (a Subscription that is an Observer, with a `seq`). */
class Probe extends Subscription {
  constructor(
    readonly seq: number,
    private readonly log: string[],
    private readonly onNext: (rec: Tracked) => void = () => undefined,
  ) {
    super()
  }
  next(rec: Tracked): void {
    this.log.push(`${this.seq}:${rec.event.eventType}`)
    this.onNext(rec)
  }
  error(): void {
    this.log.push(`${this.seq}:error`)
  }
  complete(): void {
    this.log.push(`${this.seq}:complete`)
  }
}

const rec = (type: string): Tracked => new Tracked(ev(type), null)

describe('RouteTable', () => {
  it('route$ is cold: a subscriber joins on subscribe and leaves on unsubscribe', () => {
    const table = new RouteTable(new MetricsScan(true))
    marbles(({ cold, expectObservable }) => {
      const r = { a: rec(A), b: rec(A), c: rec(A) }
      // feed the route at frames 2, 5, 8 on the test scheduler
      const feed = cold('  --a--b--c-|', r)
      feed.subscribe((x) => {
        table.lookup(A).next(x)
      })
      const unsub = '      ^------!'
      const expected = '   --a--b---'
      expectObservable(table.route$([A]), unsub).toBe(expected, r)
    })
    expect(table.lookup(A).size).toBe(0)
  })

  it('never completes nor errors by itself', () => {
    const table = new RouteTable(new MetricsScan(true))
    marbles(({ expectObservable }) => {
      expectObservable(table.route$([A])).toBe('-')
    })
  })

  it('delivers in the order of seq, whatever the order of subscription', () => {
    const table = new RouteTable(new MetricsScan(true))
    const log: string[] = []
    table.route$([A]).subscribe(new Probe(3, log))
    table.route$([A]).subscribe(new Probe(1, log))
    table.route$(['doc.*.done']).subscribe(new Probe(2, log))
    table.lookup(A).next(rec(A))
    expect(log).toEqual(['1:doc.a.done', '2:doc.a.done', '3:doc.a.done'])
  })

  it('matches patterns against routes built before and after the pattern subscription', () => {
    const table = new RouteTable(new MetricsScan(true))
    const log: string[] = []
    table.lookup(A) // built before
    const sub = table.route$(['doc.>']).subscribe(new Probe(1, log))
    table.lookup(A).next(rec(A))
    table.lookup(B).next(rec(B)) // built after
    table.lookup('other.b.done').next(rec('other.b.done'))
    expect(log).toEqual(['1:doc.a.done', '1:doc.b.done'])
    sub.unsubscribe()
    expect([table.lookup(A).size, table.lookup(B).size]).toEqual([0, 0])
  })

  it('delivers once to a subscription of a type and a pattern matching it', () => {
    const table = new RouteTable(new MetricsScan(true))
    const log: string[] = []
    const sub = table.route$([A, 'doc.*.done']).subscribe(new Probe(1, log))
    table.lookup(A).next(rec(A))
    expect(log).toEqual(['1:doc.a.done'])
    expect(table.lookup(A).size).toBe(1)
    sub.unsubscribe()
    expect(table.lookup(A).size).toBe(0)
  })

  it('lets an observer unsubscribe another during a delivery without disturbing it', () => {
    const table = new RouteTable(new MetricsScan(true))
    const log: string[] = []
    let second: Subscription | null = null
    table.route$([A]).subscribe(
      new Probe(1, log, () => {
        second?.unsubscribe()
      }),
    )
    second = table.route$([A]).subscribe(new Probe(2, log))
    table.lookup(A).next(rec(A))
    table.lookup(A).next(rec(A))
    expect(log).toEqual(['1:doc.a.done', '2:doc.a.done', '1:doc.a.done'])
  })

  it('keeps one route per type, with its statistics', () => {
    const metrics = new MetricsScan(true)
    const table = new RouteTable(metrics)
    expect(table.lookup(A)).toBe(table.lookup(A))
    expect(table.lookup(A).stats).toBe(metrics.typeStats(A))
    expect(table.lookup(A).eventType).toBe(A)
  })

  it('errors the subscriber on a malformed pattern, joining no route', () => {
    const table = new RouteTable(new MetricsScan(true))
    let error: unknown = null
    table.route$([A, 'doc.>.x']).subscribe({ error: (e: unknown) => (error = e) })
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/subscribe\(pattern\)/)
    expect(table.lookup(A).size).toBe(0)
  })
})
