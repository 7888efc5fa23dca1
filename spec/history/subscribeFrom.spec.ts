import { type Event, EventBus, EventValidationError, silentLogger, type DeadLetter, type OverflowPolicy } from '../../lib'
import { ev, startedBus } from '../helpers/fixtures'

const n = (e: Event): number => e.payload['n'] as number

/** Publishes `count` events of `type` numbered from `start`. */
async function publishRange(bus: EventBus, type: string, start: number, count: number): Promise<Event[]> {
  const out: Event[] = []
  for (let i = start; i < start + count; i++) {
    const e = ev(type, { n: i, key: i % 3 })
    out.push(e)
    await bus.publish(e)
  }
  return out
}

describe('subscribe(type, handler, { from })', () => {
  it("'all' delivers every past matching event in order, then live ones; 'new' only live ones", async () => {
    const bus = await startedBus({ history: { maxEvents: 100 } })
    const past = await publishRange(bus, 'doc.page', 0, 3)
    await bus.publish(ev('doc.other', { n: 99 }))
    const all: string[] = []
    const fresh: string[] = []
    bus.subscribe('doc.page', (e) => void all.push(e.id), { from: 'all' })
    bus.subscribe('doc.page', (e) => void fresh.push(e.id), { from: 'new' })
    expect(all).toEqual(past.map((e) => e.id)) // replayed during subscribe, before it returns
    const live = await publishRange(bus, 'doc.page', 3, 2)
    await bus.drain()
    expect(all).toEqual([...past, ...live].map((e) => e.id))
    expect(fresh).toEqual(live.map((e) => e.id))
    await bus.stop()
  })

  it('{ since } replays events with timestamp >= since; { last: n } the last n matching; patterns match as live', async () => {
    const bus = await startedBus({ history: { maxEvents: 100 } })
    for (let i = 0; i < 5; i++) await bus.publish(ev(i % 2 === 0 ? 'doc.page.a' : 'doc.page.b', { n: i }, { timestamp: 1000 + i }))
    const since: number[] = []
    const last: number[] = []
    const pattern: number[] = []
    bus.subscribe('doc.page.a', (e) => void since.push(n(e)), { from: { since: 1002 } })
    bus.subscribe('doc.page.a', (e) => void last.push(n(e)), { from: { last: 2 } })
    bus.subscribe('doc.page.*', (e) => void pattern.push(n(e)), { from: { last: 3 } })
    bus.subscribe('doc.page.b', () => undefined, { from: { last: 0 } })
    await bus.drain()
    expect(since).toEqual([2, 4])
    expect(last).toEqual([2, 4])
    expect(pattern).toEqual([2, 3, 4])
    await bus.stop()
  })

  it('keeps only the last maxEvents events (a bounded ring)', async () => {
    const bus = await startedBus({ history: { maxEvents: 3 } })
    await publishRange(bus, 'doc.page', 0, 5)
    const got: number[] = []
    bus.subscribe('doc.page', (e) => void got.push(n(e)), { from: 'all' })
    expect(got).toEqual([2, 3, 4])
    await bus.stop()
  })

  it('a handler that publishes during the replay gets its follow-ups after the replay, once', async () => {
    const bus = await startedBus({ history: { maxEvents: 100 } })
    await publishRange(bus, 'doc.page', 0, 3)
    const got: number[] = []
    bus.subscribe(
      'doc.page',
      async (e, ctx) => {
        got.push(n(e))
        if (n(e) < 3) await ctx.publish(ev('doc.page', { n: n(e) + 10 }))
      },
      { from: 'all' },
    )
    await bus.drain()
    expect(got).toEqual([0, 1, 2, 10, 11, 12])
    await bus.stop()
  })

  it('replays to a synchronous handler that publishes synchronously while being replayed (held at the seam, then delivered once)', async () => {
    const bus = await startedBus({ history: { maxEvents: 100 } })
    await publishRange(bus, 'doc.page', 0, 2)
    const got: number[] = []
    bus.subscribe(
      'doc.page',
      (e, ctx) => {
        got.push(n(e))
        if (n(e) < 2) void ctx.publish(ev('doc.page', { n: n(e) + 10 }))
      },
      { from: 'all', concurrency: 8 },
    )
    await bus.drain()
    expect(got.slice(0, 2)).toEqual([0, 1])
    expect([...got].sort((a, b) => a - b)).toEqual([0, 1, 10, 11])
    await bus.stop()
  })

  it('replayed deliveries are ordinary: retried, dead-lettered, counted in metrics, and awaited by drain()', async () => {
    const bus = await startedBus({ history: { maxEvents: 100 } })
    const past = await publishRange(bus, 'doc.page', 0, 2)
    const dead: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => dead.push(d))
    const attempts: number[] = []
    bus.subscribe(
      'doc.page',
      async (e, ctx) => {
        await Promise.resolve()
        attempts.push(ctx.attempt)
        if (n(e) === 1) throw new Error('boom')
      },
      { from: 'all', retry: { count: 2 }, name: 'late' },
    )
    await bus.drain()
    expect(attempts).toEqual([1, 1, 2, 3])
    expect(dead.map((d) => [d.event.id, d.reason, d.handler])).toEqual([[past[1].id, 'retries-exhausted', 'late']])
    const m = bus.getMetrics()
    expect(m.handlers['late']).toMatchObject({ successCount: 1, errorCount: 1, retryCount: 2 })
    await bus.stop()
  })

  it('unsubscribing during the replay stops it (an asynchronous handler, and a synchronous one through bus.unsubscribe)', async () => {
    const bus = await startedBus({ history: { maxEvents: 100 } })
    await publishRange(bus, 'doc.page', 0, 5)
    const got: number[] = []
    const sub = bus.subscribe(
      'doc.page',
      async (e) => {
        await Promise.resolve()
        got.push(n(e))
        if (n(e) === 1) sub.unsubscribe()
      },
      { from: 'all' },
    )
    const sync: number[] = []
    const handler = (e: Event): void => {
      sync.push(n(e))
      if (n(e) === 2) bus.unsubscribe('doc.page', handler)
    }
    bus.subscribe('doc.page', handler, { from: 'all', concurrency: 8 })
    await bus.drain()
    expect(got).toEqual([0, 1])
    expect(sync).toEqual([0, 1, 2])
    await bus.publish(ev('doc.page', { n: 9 }))
    await bus.drain()
    expect(got).toEqual([0, 1])
    expect(sync).toEqual([0, 1, 2])
    await bus.stop()
  })

  it.each([
    ['concurrency 1', { concurrency: 1 }],
    ['concurrency 8', { concurrency: 8 }],
    ['orderBy', { concurrency: 4, orderBy: (e: Event) => e.payload['key'] }],
  ])('%s: every event exactly once across the seam, with events published while the replay runs (each overflow policy)', async (_label, options) => {
    for (const overflow of ['wait', 'reject', 'drop-oldest', 'drop-newest'] as OverflowPolicy[]) {
      const bus = new EventBus({ logger: silentLogger, history: { maxEvents: 1000 }, overflow, maxQueueSize: 10_000 })
      await bus.start()
      const past = await publishRange(bus, 'doc.page', 0, 50)
      const got: string[] = []
      const perKey = new Map<unknown, number[]>()
      bus.subscribe(
        'doc.page',
        async (e) => {
          await new Promise<void>((resolve) => setImmediate(resolve)) // the replay is still running when the live events come
          got.push(e.id)
          perKey.set(e.payload['key'], [...(perKey.get(e.payload['key']) ?? []), n(e)])
        },
        { ...options, from: 'all' },
      )
      const live = await publishRange(bus, 'doc.page', 50, 50)
      await bus.drain()
      const ids = [...past, ...live].map((e) => e.id)
      expect(new Set(got).size).toBe(got.length) // no duplicate
      expect([...got].sort()).toEqual([...ids].sort()) // no gap
      if (options.concurrency === 1) expect(got).toEqual(ids) // in order
      for (const ns of perKey.values()) if ('orderBy' in options) expect(ns).toEqual([...ns].sort((a, b) => a - b))
      await bus.stop()
    }
  })

  it('a replay longer than the queue: each overflow policy treats replayed records as ordinary ones (every event delivered once or dead-lettered once, never both)', async () => {
    for (const overflow of ['wait', 'reject', 'drop-oldest', 'drop-newest'] as OverflowPolicy[]) {
      const bus = new EventBus({ logger: silentLogger, history: { maxEvents: 1000 }, overflow, maxQueueSize: 10 })
      await bus.start()
      const past = await publishRange(bus, 'doc.page', 0, 30)
      const dead: string[] = []
      bus.deadLetters$.subscribe((d) => dead.push(d.event.id))
      const got: string[] = []
      bus.subscribe(
        'doc.page',
        async (e) => {
          await new Promise<void>((resolve) => setImmediate(resolve))
          got.push(e.id)
        },
        { from: 'all' },
      )
      const accepted: string[] = []
      for (let i = 30; i < 60; i++) {
        const e = ev('doc.page', { n: i })
        await bus.publish(e).then(
          () => accepted.push(e.id),
          () => undefined, // 'reject': refused, never accepted
        )
      }
      await bus.drain()
      const all = [...past.map((e) => e.id), ...accepted]
      expect(new Set(got).size).toBe(got.length)
      expect(got.filter((id) => dead.includes(id))).toEqual([])
      expect([...got, ...dead].sort()).toEqual([...all].sort())
      if (overflow === 'wait') expect(got).toEqual(all)
      if (overflow === 'drop-oldest') expect(dead.some((id) => past.some((p) => p.id === id))).toBe(true) // a replayed record, dropped as the oldest waiting
      await bus.stop()
    }
  })

  it('refuses from without history or a transport, and a malformed from or history option, naming it', async () => {
    const bus = await startedBus()
    expect(() => {
      bus.subscribe('doc.page', () => undefined, { from: 'all' })
    }).toThrow(/options\.from: expected history on the bus/)
    expect(() => {
      bus.subscribe('doc.page', () => undefined, { from: 'new' })
    }).not.toThrow()
    const withHistory = await startedBus({ history: { maxEvents: 10 } })
    for (const from of ['old', { last: -1 }, { since: NaN }, { last: 1.5 }, { since: 1, last: 2 }, null]) {
      expect(() => {
        withHistory.subscribe('doc.page', () => undefined, { from: from as never })
      }).toThrow(/options\.from: expected 'new', 'all'/)
    }
    for (const history of [{ maxEvents: 0 }, { maxEvents: 1.5 }, { maxEvents: '10' }, 5, { maxEvents: 10, max: 1 }]) {
      expect(() => new EventBus({ logger: silentLogger, history: history as never })).toThrow(EventValidationError)
    }
    expect(() => new EventBus({ logger: silentLogger, history: { maxEvents: 10, max: 1 } as never })).toThrow(/history\.max: expected no such option/)
    expect(() => new EventBus({ logger: silentLogger, history: { maxEvents: 0 } })).toThrow(/history\.maxEvents: expected a whole number > 0/)
    expect(() => new EventBus({ logger: silentLogger, histroy: { maxEvents: 1 } } as never)).toThrow(/did you mean 'history'/)
    await bus.stop()
    await withHistory.stop()
  })
})
