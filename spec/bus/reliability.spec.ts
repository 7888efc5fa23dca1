import { NEVER, timer } from 'rxjs'
import { BusNotStartedError, EventBus, HandlerTimeoutError, QueueOverflowError, silentLogger, type DeadLetter } from '../../lib'
import { deferred, ev, startedBus } from '../helpers/fixtures'
import { testScheduler } from '../helpers/marbles'

describe('EventBus bounded queue and overflow policies', () => {
  it("'reject' rejects with QueueOverflowError once maxQueueSize events wait, losing nothing accepted", async () => {
    const bus = await startedBus({ maxQueueSize: 2, overflow: 'reject' })
    const gate = deferred()
    const handled: number[] = []
    bus.subscribe('a.b', async (e) => {
      await gate.promise
      handled.push(e.payload['n'] as number)
    })
    for (let n = 0; n < 3; n++) await bus.publish(ev('a.b', { n }))
    const error = await bus.publish(ev('a.b', { n: 3 })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(QueueOverflowError)
    expect((error as Error).message).toMatch(/maxQueueSize|queue is full/)
    gate.resolve()
    await bus.drain()
    expect(handled).toEqual([0, 1, 2])
    await bus.stop()
  })

  it("'drop-newest' drops the incoming event, counts it and dead-letters it", async () => {
    const bus = await startedBus({ maxQueueSize: 1, overflow: 'drop-newest' })
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const gate = deferred()
    const handled: number[] = []
    bus.subscribe('a.b', async (e) => {
      handled.push(e.payload['n'] as number)
      await gate.promise
    })
    for (let n = 0; n < 4; n++) await bus.publish(ev('a.b', { n }))
    gate.resolve()
    await bus.drain()
    expect(handled).toEqual([0, 1])
    expect(letters.map((d) => [d.reason, d.event.payload['n']])).toEqual([
      ['overflow', 2],
      ['overflow', 3],
    ])
    expect(bus.getMetrics().total).toMatchObject({ droppedEvents: 2, deadLetters: 2 })
    await bus.stop()
  })

  it("'drop-oldest' drops the oldest waiting event for the new one", async () => {
    const bus = await startedBus({ maxQueueSize: 2, overflow: 'drop-oldest' })
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const gate = deferred()
    const handled: number[] = []
    bus.subscribe('a.b', async (e) => {
      handled.push(e.payload['n'] as number)
      await gate.promise
    })
    const results = [0, 1, 2, 3, 4].map((n) => bus.publish(ev('a.b', { n }), { waitFor: 'handled' }))
    gate.resolve()
    const outcomes = await Promise.all(results)
    expect(handled).toEqual([0, 3, 4])
    expect(letters.map((d) => d.event.payload['n'])).toEqual([1, 2])
    expect(outcomes.map((r) => r.status)).toEqual(['handled', 'dead-letter', 'dead-letter', 'handled', 'handled'])
    expect(bus.getMetrics().total.droppedEvents).toBe(2)
    await bus.stop()
  })

  it("'wait' (default) makes publish wait for room, in order, and loses nothing", async () => {
    const bus = await startedBus({ maxQueueSize: 3 })
    const handled: number[] = []
    bus.subscribe('a.b', async (e) => {
      await Promise.resolve()
      handled.push(e.payload['n'] as number)
    })
    const accepted: number[] = []
    const publishes = Array.from({ length: 50 }, (_, n) => bus.publish(ev('a.b', { n })).then(() => accepted.push(n)))
    expect(bus.getMetrics().queueSize).toBeLessThanOrEqual(3)
    await Promise.all(publishes)
    await bus.drain()
    expect(accepted).toEqual(Array.from({ length: 50 }, (_, n) => n))
    expect(handled).toEqual(Array.from({ length: 50 }, (_, n) => n))
    await bus.stop()
  })

  it("'drop-oldest' still finds the oldest waiting event after thousands have passed through the queue", async () => {
    const bus = await startedBus({ maxQueueSize: 3, overflow: 'drop-oldest' })
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    bus.subscribe('a.pass', async () => {
      await Promise.resolve()
    })
    // 1,400 events wait and start, 2 at a time: the bus's record of who waits longest must stay
    // exact (and bounded) through it.
    for (let k = 0; k < 700; k++) {
      for (let n = 0; n < 3; n++) void bus.publish(ev('a.pass', { n }))
      await bus.drain()
    }
    expect(letters).toEqual([])
    const gate = deferred()
    const handled: number[] = []
    bus.subscribe('a.b', async (e) => {
      handled.push(e.payload['n'] as number)
      await gate.promise
    })
    const results = [0, 1, 2, 3, 4, 5].map((n) => bus.publish(ev('a.b', { n }), { waitFor: 'handled' }))
    expect(bus.getMetrics().queueSize).toBe(3) // 0 runs; 3, 4, 5 wait (1 and 2 dropped)
    gate.resolve()
    const outcomes = await Promise.all(results)
    expect(handled).toEqual([0, 3, 4, 5])
    expect(letters.map((d) => [d.event.eventType, d.event.payload['n']])).toEqual([
      ['a.b', 1],
      ['a.b', 2],
    ])
    expect(outcomes.map((r) => r.status)).toEqual(['handled', 'dead-letter', 'dead-letter', 'handled', 'handled', 'handled'])
    expect(bus.getMetrics().queueSize).toBe(0)
    await bus.stop()
  })

  it("'wait' holds thousands of blocked publishes in order; stop() rejects the ones still blocked and loses nothing accepted", async () => {
    const bus = await startedBus({ maxQueueSize: 4 })
    const gate = deferred()
    const handled: number[] = []
    bus.subscribe('a.b', async (e) => {
      await gate.promise
      handled.push(e.payload['n'] as number)
    })
    const settled: (string | number)[] = Array.from({ length: 1000 }, () => 'pending')
    const publishes = Array.from({ length: 1000 }, (_, n) =>
      bus.publish(ev('a.b', { n })).then(
        () => (settled[n] = 'accepted'),
        (error: unknown) => (settled[n] = error instanceof BusNotStartedError ? 'rejected' : String(error)),
      ),
    )
    await Promise.resolve()
    expect(bus.getMetrics().queueSize).toBe(4) // 1 runs, 4 wait, 995 blocked
    const stopping = bus.stop({ timeoutMs: 10_000 })
    gate.resolve()
    const result = await stopping
    await Promise.all(publishes)
    expect(result.undelivered).toEqual([])
    expect(settled.slice(0, 5)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted'])
    expect(settled.slice(5).every((s) => s === 'rejected')).toBe(true)
    expect(handled).toEqual([0, 1, 2, 3, 4])
  })

  it('a handler that stops the bus while blocked publishes are being admitted settles each of them once, correctly', async () => {
    const bus = await startedBus({ maxQueueSize: 1 })
    const gate = deferred()
    const seen: number[] = []
    const stopping: { promise: Promise<unknown> | null } = { promise: null }
    bus.subscribe('a.b', async (e) => {
      seen.push(e.payload['n'] as number)
      if (e.payload['n'] === 0) await gate.promise
    })
    bus.subscribe('a.b', (e) => {
      if (e.payload['n'] === 2) stopping.promise = bus.stop() // runs inside the admission of event 2
    })
    const outcomes = Array.from({ length: 6 }, (_, n) =>
      bus.publish(ev('a.b', { n })).then(
        () => 'accepted',
        (error: unknown) => (error instanceof BusNotStartedError ? 'rejected' : 'other'),
      ),
    )
    gate.resolve()
    expect(await Promise.all(outcomes)).toEqual(['accepted', 'accepted', 'accepted', 'rejected', 'rejected', 'rejected'])
    expect(stopping.promise).toBeInstanceOf(Promise)
    await stopping.promise
    expect(seen).toEqual([0, 1, 2])
  })

  it("does not deadlock when a handler publishes into a full queue under 'wait' (handler publishes bypass the bound)", async () => {
    const bus = await startedBus({ maxQueueSize: 1 })
    const done: number[] = []
    bus.subscribe('a.b', async (e, ctx) => {
      await ctx.publish(ev('a.c', { n: e.payload['n'] }))
    })
    bus.subscribe('a.c', (e) => {
      done.push(e.payload['n'] as number)
    })
    const publishes = Array.from({ length: 10 }, (_, n) => bus.publish(ev('a.b', { n })))
    await Promise.all(publishes)
    await bus.drain()
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, n) => n))
    await bus.stop()
  })
})

describe('EventBus timeouts and retries (virtual time)', () => {
  it('fails a late handler with HandlerTimeoutError, counts it, frees its slot', async () => {
    const scheduler = testScheduler()
    const bus = new EventBus({ logger: silentLogger, scheduler, defaultTimeoutMs: 100 })
    await bus.start()
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const started: number[] = []
    bus.subscribe(
      'a.b',
      (e) => {
        started.push(e.payload['n'] as number)
        return e.payload['n'] === 0 ? NEVER : timer(10, scheduler)
      },
      { name: 'slow' },
    )
    bus.subscribe('a.c', () => timer(60, scheduler), { name: 'own', timeoutMs: 50 })
    await bus.publish(ev('a.b', { n: 0 }))
    await bus.publish(ev('a.b', { n: 1 }))
    await bus.publish(ev('a.c'))
    scheduler.flush()
    await bus.drain()
    expect(started).toEqual([0, 1])
    expect(letters.map((d) => [d.reason, d.handler])).toEqual([
      ['timeout', 'own'],
      ['timeout', 'slow'],
    ])
    expect(letters[0].error).toBeInstanceOf(HandlerTimeoutError)
    const m = bus.getMetrics()
    expect(m.handlers['slow']).toMatchObject({ timeoutCount: 1, errorCount: 1, successCount: 1 })
    expect(m.handlers['own']).toMatchObject({ timeoutCount: 1, errorCount: 1 })
    await bus.stop()
  })

  it('retries count times after the first attempt with fixed or exponential delays, then dead-letters', async () => {
    const scheduler = testScheduler()
    const bus = new EventBus({ logger: silentLogger, scheduler })
    await bus.start()
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const calls: number[] = []
    bus.subscribe(
      'a.b',
      (_e, ctx) => {
        calls.push(scheduler.now())
        expect(ctx.attempt).toBe(calls.length)
        throw new Error('always')
      },
      { name: 'flaky', retry: { count: 2, delayMs: 10, backoff: 'exponential' } },
    )
    let tries = 0
    bus.subscribe(
      'a.c',
      () => {
        tries++
        if (tries < 3) throw new Error('twice')
      },
      { name: 'recovers', retry: { count: 5, delayMs: 5 } },
    )
    const result = bus.publish(ev('a.b'), { waitFor: 'handled' })
    const ok = bus.publish(ev('a.c'), { waitFor: 'handled' })
    scheduler.flush()
    // count: 2 means at most three calls, like RxJS retry({ count: 2 })
    expect(calls).toEqual([0, 10, 30])
    await expect(result).resolves.toMatchObject({ ok: false, outcomes: [{ handler: 'flaky', status: 'rejected', attempts: 3 }] })
    await expect(ok).resolves.toMatchObject({ ok: true, outcomes: [{ handler: 'recovers', status: 'fulfilled', attempts: 3 }] })
    expect(letters.map((d) => [d.reason, d.handler, d.attempts])).toEqual([['retries-exhausted', 'flaky', 3]])
    const m = bus.getMetrics()
    expect(m.handlers['flaky']).toMatchObject({ retryCount: 2, errorCount: 1 })
    expect(m.handlers['recovers']).toMatchObject({ retryCount: 2, errorCount: 0, successCount: 1 })
    await bus.stop()
  })
})

describe('HandlerContext.publish', () => {
  it('keeps the follow-up class and fields, inherits correlationId and traceIds, records causationId', async () => {
    const bus = await startedBus()
    const followUps: unknown[] = []
    bus.subscribe('order.placed', async (_e, ctx) => {
      await ctx.publish(ev('order.billed', { amount: 3 }, { traceIds: ['t-own'], metadata: { k: 'v' } }))
    })
    bus.subscribe('order.billed', (e) => {
      followUps.push(e)
    })
    const cause = ev('order.placed', {}, { correlationId: 'corr-1', traceIds: ['t-1'] })
    await bus.publish(cause)
    await bus.drain()
    expect(followUps).toHaveLength(1)
    expect(followUps[0]).toMatchObject({
      eventType: 'order.billed',
      payload: { amount: 3 },
      correlationId: 'corr-1',
      traceIds: ['t-1', 't-own'],
      metadata: { k: 'v', causationId: cause.id },
    })
    await bus.stop()
  })
})

describe('EventBus.redeliver', () => {
  it('publishes a dead letter again with the same id, and rejects what is not a dead letter', async () => {
    const bus = await startedBus()
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    let fixed = false
    const handled: string[] = []
    bus.subscribe('a.b', (e) => {
      if (!fixed) throw new Error('not yet')
      handled.push(e.id)
    })
    const e = ev('a.b')
    await bus.publish(e)
    expect(letters).toHaveLength(1)
    fixed = true
    await expect(bus.redeliver(letters[0], { waitFor: 'handled' })).resolves.toMatchObject({ ok: true })
    expect(handled).toEqual([e.id])
    await expect(bus.redeliver({} as DeadLetter)).rejects.toThrow(/redeliver/)
    await bus.stop()
  })
})
