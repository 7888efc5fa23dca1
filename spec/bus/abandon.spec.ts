import { type TestScheduler } from 'rxjs/testing'
import { type DeadLetter, EventBus, type EventBusOptions, HandlerAbandonedError, HandlerTimeoutError, type HandlerContext } from '../../lib'
import { deferred, ev, recordingLogger } from '../helpers/fixtures'
import { testScheduler } from '../helpers/marbles'

/** A bus on a virtual scheduler, and `advance(ms)`: runs what is due until `ms` from now. */
async function virtualBus(options: EventBusOptions = {}): Promise<{ bus: EventBus; scheduler: TestScheduler; advance(ms: number): void }> {
  const scheduler = testScheduler()
  const bus = new EventBus({ scheduler, ...options })
  await bus.start()
  const advance = (ms: number): void => {
    scheduler.schedule(() => undefined, ms)
    scheduler.maxFrames = scheduler.now() + ms
    scheduler.flush()
  }
  return { bus, scheduler, advance }
}

const microtasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Issue #13 items 10, 16, 17, 18: what `stop()` and a timeout leave behind. */
describe('EventBus: calls the bus gave up on', () => {
  it('a timed-out attempt is aborted: its signal fires and its late follow-ups reject, so nothing is published after the dead letter', async () => {
    const { logger } = recordingLogger()
    const { bus, advance } = await virtualBus({ logger })
    const followUps: string[] = []
    bus.subscribe('follow.up', (e) => {
      followUps.push(e.id)
    })
    const contexts: HandlerContext[] = []
    const ends = [deferred(), deferred()]
    bus.subscribe(
      'slow.x',
      async (e, context) => {
        contexts.push(context)
        await (ends[context.attempt - 1] as { promise: Promise<void> }).promise
        await context.publish(ev('follow.up', {}, { correlationId: e.id }))
      },
      { timeoutMs: 30, retry: { count: 1 } },
    )
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const handled = bus.publish(ev('slow.x'), { waitFor: 'handled' })
    await microtasks()
    const first = contexts[0]
    expect(first.signal.aborted).toBe(false)
    advance(30) // attempt 1 times out; attempt 2 starts
    await microtasks()
    expect(first.signal.aborted).toBe(true)
    expect(first.signal.reason).toBeInstanceOf(HandlerTimeoutError)
    advance(30) // attempt 2 times out: the event is a dead letter
    const result = await handled
    expect(result).toMatchObject({ ok: false, outcomes: [{ handler: expect.any(String), status: 'timeout', attempts: 2 }] })
    expect(letters.map((d) => d.reason)).toEqual(['retries-exhausted'])
    await bus.drain()
    // both calls end after their timeouts: their follow-ups reject with the timeout
    const rejections: unknown[] = []
    process.on('unhandledRejection', (r) => rejections.push(r))
    for (const d of ends) d.resolve()
    await microtasks()
    expect(followUps).toEqual([])
    expect(contexts[1].signal.aborted).toBe(true)
    await expect(first.publish(ev('follow.up'))).rejects.toBeInstanceOf(HandlerTimeoutError)
    expect(bus.getMetrics().inFlight).toBe(0)
    const stopping = bus.stop()
    advance(0)
    await stopping
  })

  it('stop() at its deadline abandons running calls: contexts aborted, timers cancelled, nothing counted after, drain() works after start()', async () => {
    const { lines, logger } = recordingLogger()
    const { bus, advance } = await virtualBus({ logger, slowCallWarnMs: 0 })
    const contexts: HandlerContext[] = []
    const end = deferred()
    let retriedCalls = 0
    bus.subscribe(
      'hung.x',
      (_e, context) => {
        contexts.push(context)
        return end.promise
      },
      { name: 'hung', timeoutMs: 10_000 },
    )
    bus.subscribe(
      'retry.x',
      () => {
        retriedCalls++
        throw new Error('boom')
      },
      { name: 'retrying', retry: { count: 3, delayMs: 5_000 } },
    )
    const hung = ev('hung.x')
    const retried = ev('retry.x')
    const handled = bus.publish(hung, { waitFor: 'handled' })
    await bus.publish(retried)
    expect(bus.health().oldestCallMs).toBe(0) // first seen now
    advance(40)
    expect(bus.health().oldestCallMs).toBe(40)
    const stopping = bus.stop({ timeoutMs: 50 })
    advance(50)
    const { undelivered } = await stopping
    expect(undelivered.map((e) => e.id).sort()).toEqual([hung.id, retried.id].sort())
    expect((await handled).status).toBe('dead-letter')
    expect(contexts[0].signal.reason).toBeInstanceOf(HandlerAbandonedError)
    expect(bus.health()).toMatchObject({ abandonedCalls: 1, oldestCallMs: 0 })
    const before = bus.getMetrics()
    advance(20_000) // past the handler timeout and every retry delay: nothing fires
    expect(retriedCalls).toBe(1)
    expect(bus.getMetrics().total).toEqual(before.total)
    expect(bus.getMetrics().handlers['hung']).toEqual(before.handlers['hung'])
    // a new run drains at once, although the abandoned call still runs
    await bus.start()
    await expect(bus.drain()).resolves.toBeUndefined()
    // the abandoned call ends late: logged and counted apart, never as a success
    end.resolve()
    await microtasks()
    expect(bus.health().abandonedCalls).toBe(0)
    expect(bus.getMetrics().handlers['hung']).toEqual(before.handlers['hung'])
    const late = lines.filter((l) => l.message.startsWith('a call abandoned by stop() ended after the deadline'))
    expect(late).toEqual([
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ handler: 'hung', eventId: hung.id, outcome: 'fulfilled' }) }),
    ])
    const stopping2 = bus.stop()
    advance(0)
    await stopping2
  })

  it('drain({ timeoutMs }) rejects with what still runs; health() shows the oldest call; a call past slowCallWarnMs is logged once', async () => {
    const { lines, logger } = recordingLogger()
    const { bus, advance } = await virtualBus({ logger, slowCallWarnMs: 500 })
    const end = deferred()
    bus.subscribe('hung.x', () => end.promise, { name: 'hung' })
    const hung = ev('hung.x', {}, { correlationId: 'c\n1' })
    await bus.publish(hung)
    await bus.publish(ev('hung.x'))
    const draining = bus.drain({ timeoutMs: 1_000 })
    advance(1_000)
    const error = await draining.then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ name: 'DrainTimeoutError', timeoutMs: 1_000, waiting: 1, inFlight: 1 })
    expect((error as { oldestCallMs: number }).oldestCallMs).toBeGreaterThanOrEqual(500)
    expect((error as Error).message).toMatch(/1 event\(s\) waiting, 1 handler call\(s\) running, the oldest for \d+ ms/)
    expect(bus.health().oldestCallMs).toBeGreaterThanOrEqual(1_000)
    advance(5_000)
    const slow = lines.filter((l) => l.message.startsWith('a handler call has run longer than slowCallWarnMs'))
    expect(slow).toHaveLength(1) // once per call
    expect(slow[0]?.fields).toMatchObject({ handler: 'hung', eventId: hung.id, correlationId: 'c\\u000a1' }) // escaped for one log line
    await expect(bus.drain({ timeoutMs: -1 })).rejects.toThrow(/options.timeoutMs: expected a number of ms >= 0/)
    await expect(bus.drain({ timeoutMs: 10, timout: 5 } as never)).rejects.toThrow(/did you mean 'timeoutMs'/)
    end.resolve()
    await microtasks()
    advance(0)
    await expect(bus.drain({ timeoutMs: 1_000 })).resolves.toBeUndefined()
    const stopping = bus.stop()
    advance(0)
    await stopping
  })
})
