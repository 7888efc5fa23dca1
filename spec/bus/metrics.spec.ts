import { timer } from 'rxjs'
import { DocumentEventTypes, EventBus, silentLogger, type MetricsSnapshot } from '../../lib'
import { deferred, ev, settle, startedBus } from '../helpers/fixtures'
import { testScheduler } from '../helpers/marbles'

describe('EventBus metrics', () => {
  it('counts a running synchronous call in flight, and drain() from inside it waits for the rest of the fan-out', async () => {
    const bus = await startedBus()
    const order: string[] = []
    const seenInFlight: number[] = []
    const gate = deferred()
    const drains: Promise<void>[] = []
    bus.subscribe('fan.out', () => {
      seenInFlight.push(bus.getMetrics().inFlight)
      drains.push(
        bus.drain().then(() => {
          order.push('drained')
        }),
      )
      order.push('sync')
    })
    bus.subscribe('fan.out', async () => {
      order.push('async start')
      await gate.promise
      order.push('async end')
    })
    await bus.publish(ev('fan.out'))
    await settle()
    // The synchronous call saw itself running; drain() started inside it did not resolve while
    // the fan-out's asynchronous handler (started after it) runs.
    expect(seenInFlight).toEqual([1])
    expect(order).toEqual(['sync', 'async start'])
    expect(bus.getMetrics().inFlight).toBe(1)
    gate.resolve()
    expect(drains).toHaveLength(1)
    await Promise.all(drains)
    expect(order).toEqual(['sync', 'async start', 'async end', 'drained'])
    expect(bus.getMetrics().inFlight).toBe(0)
    await bus.stop()
  })

  it('is not idle while the call queued behind a finished asynchronous call runs', async () => {
    const bus = await startedBus()
    const first = deferred()
    const followUp = deferred()
    const order: string[] = []
    const drains: Promise<void>[] = []
    bus.subscribe('serial.q', async (e, ctx) => {
      if (e.payload.n === 1) {
        await first.promise
        return
      }
      // Started synchronously when the first call settled: drain() here must see this call running.
      drains.push(
        bus.drain().then(() => {
          order.push('drained')
        }),
      )
      await ctx.publish(ev('serial.follow-up'))
    })
    bus.subscribe('serial.follow-up', async () => {
      order.push('follow-up start')
      await followUp.promise
      order.push('follow-up end')
    })
    await bus.publish(ev('serial.q', { n: 1 }))
    await bus.publish(ev('serial.q', { n: 2 }))
    first.resolve()
    await settle()
    expect(order).toEqual(['follow-up start'])
    followUp.resolve()
    expect(drains).toHaveLength(1)
    await Promise.all(drains)
    expect(order).toEqual(['follow-up start', 'follow-up end', 'drained'])
    await bus.stop()
  })

  it('keeps success counts across unsubscribe, for a handler that unsubscribes itself and for calls still running', async () => {
    const bus = await startedBus()
    const gate = deferred()
    // A name's statistics live as long as one of its subscriptions: these keep 'slow' and 'once'.
    const keepers = [bus.subscribe('count.keep', () => undefined, { name: 'slow' }), bus.subscribe('count.keep', () => undefined, { name: 'once' })]
    const slow = bus.subscribe('count.slow', () => gate.promise, { name: 'slow', concurrency: 2 })
    const once = bus.subscribe(
      'count.once',
      () => {
        once.unsubscribe()
      },
      { name: 'once' },
    )
    // Two subscriptions under one name share one entry.
    bus.subscribe('count.shared', () => undefined, { name: 'shared' })
    const second = bus.subscribe('count.shared', () => undefined, { name: 'shared' })
    await bus.publish(ev('count.slow'))
    await bus.publish(ev('count.slow'))
    await bus.publish(ev('count.once'))
    await bus.publish(ev('count.once'))
    await bus.publish(ev('count.shared'))
    second.unsubscribe()
    await bus.publish(ev('count.shared'))
    slow.unsubscribe() // both calls still running
    await settle()
    expect(bus.getMetrics().handlers['slow'].successCount).toBe(0)
    expect(bus.getMetrics().inFlight).toBe(2) // an unsubscribed subscription's running calls still count
    gate.resolve()
    await bus.drain()
    await settle()
    const m = bus.getMetrics()
    expect(m.handlers['slow'].successCount).toBe(2)
    expect(m.handlers['once'].successCount).toBe(1)
    expect(m.handlers['shared'].successCount).toBe(3)
    for (const k of keepers) k.unsubscribe()
    await settle()
    expect(Object.keys(bus.getMetrics().handlers)).toEqual(['shared'])
    await bus.stop()
  })

  it('releases the statistics of a name with its last subscription: 2,000 subscribe/unsubscribe cycles keep the handler map small', async () => {
    const bus = await startedBus()
    let calls = 0
    const sizes = new Set<number>()
    for (let i = 0; i < 2_000; i++) {
      const sub = bus.subscribe('cycle.x', () => {
        calls++
      })
      await bus.publish(ev('cycle.x'))
      sub.unsubscribe()
      sizes.add(Object.keys(bus.getMetrics().handlers).length)
    }
    await settle()
    expect(calls).toBe(2_000)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2) // this cycle's handler, and the previous one until its retirement
    expect(bus.getMetrics().handlers).toEqual({})
    expect(bus.getMetrics().events['cycle.x'].count).toBe(2_000) // the bus's own counts stay
    await bus.stop()
  })

  it('releases a name only when its last call has ended', async () => {
    const bus = await startedBus()
    const gate = deferred()
    const sub = bus.subscribe('gate.x', () => gate.promise, { name: 'gated' })
    await bus.publish(ev('gate.x'))
    sub.unsubscribe()
    await settle()
    expect(bus.getMetrics().handlers['gated']).toMatchObject({ successCount: 0 }) // still running
    gate.resolve()
    await bus.drain()
    await settle()
    expect(bus.getMetrics().handlers['gated']).toBeUndefined()
    // A new subscription under the name starts from zero.
    bus.subscribe('gate.x', () => undefined, { name: 'gated' })
    await bus.publish(ev('gate.x'))
    expect(bus.getMetrics().handlers['gated'].successCount).toBe(1)
    await bus.stop()
  })

  it('counts successes apart from failures, timeouts and retries', async () => {
    const scheduler = testScheduler()
    const bus = new EventBus({ logger: silentLogger, scheduler })
    await bus.start()
    let calls = 0
    bus.subscribe(
      'count.flaky',
      () => {
        calls++
        if (calls % 2 === 1) throw new Error('odd call')
      },
      { name: 'flaky', retry: { count: 1, delayMs: 10 } },
    )
    bus.subscribe('count.late', () => timer(100, scheduler), { name: 'late', timeoutMs: 50 })
    for (let i = 0; i < 3; i++) await bus.publish(ev('count.flaky'))
    await bus.publish(ev('count.late'))
    scheduler.flush()
    await bus.drain()
    const m = bus.getMetrics()
    // Calls 1, 3, 5 fail and are retried as calls 2, 4, 6, which succeed.
    expect(calls).toBe(6)
    expect(m.handlers['flaky']).toMatchObject({ successCount: 3, retryCount: 3, errorCount: 0 })
    expect(m.handlers['late']).toMatchObject({ successCount: 0, timeoutCount: 1, errorCount: 1 })
    expect(m.total).toMatchObject({ deadLetters: 1, deadLettersByReason: { timeout: 1 } })
    await bus.stop()
  })

  it('counts exactly the calls running when a blocked publish is admitted, or an ErrorEvent handled, inside a dispatch', async () => {
    const bus = new EventBus({ logger: silentLogger, maxQueueSize: 1, errorEvents: true })
    await bus.start()
    const gates = [deferred(), deferred()]
    let i = 0
    bus.subscribe('a.slow', () => gates[i++]?.promise, { name: 'slow' })
    const seen: number[] = []
    bus.subscribe('b.probe', () => {
      seen.push(bus.getMetrics().inFlight)
    })
    void bus.publish(ev('a.slow')) // runs
    void bus.publish(ev('a.slow')) // waits: the queue is full
    const blocked = bus.publish(ev('b.probe')) // blocked under 'wait'
    gates[0]?.resolve() // the first call settles, the second starts, the probe is admitted
    await blocked
    expect(seen).toEqual([2]) // the second slow call and the probe
    gates[1]?.resolve()
    await bus.drain()
    const onError: number[] = []
    bus.subscribe('a.fails', () => {
      throw new Error('boom')
    })
    bus.subscribe(DocumentEventTypes.ERROR_OCCURRED, () => {
      onError.push(bus.getMetrics().inFlight)
    })
    await bus.publish(ev('a.fails'))
    await bus.drain()
    expect(onError).toEqual([1]) // the failed call has ended
    await bus.stop()
  })

  it('is current right after drain, counts unrouted events, and keeps queueSize and inFlight exact', async () => {
    const bus = await startedBus()
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    bus.subscribe('slow.x', () => gate)
    for (let i = 0; i < 4; i++) void bus.publish(ev('slow.x'))
    await bus.publish(ev('nobody.home'))
    let m = bus.getMetrics()
    expect(m.queueSize).toBe(3)
    expect(m.inFlight).toBe(1)
    expect(m.total.unroutedEvents).toBe(1)
    expect(m.events['nobody.home'].count).toBe(1)
    release()
    await bus.drain()
    m = bus.getMetrics()
    expect(m.events['slow.x'].count).toBe(4)
    expect(m.total.totalEvents).toBe(5)
    expect(m.queueSize).toBe(0)
    expect(m.inFlight).toBe(0)
    expect(Object.isFrozen(m)).toBe(true)
    expect(Object.isFrozen(m.total)).toBe(true)
    expect(m.memory === null || m.memory.heapUsedMb > 0).toBe(true)
    await bus.stop()
  })

  it('emits metrics$ snapshots on the metrics interval in virtual time and completes on stop', async () => {
    const scheduler = testScheduler()
    const bus = new EventBus({ logger: silentLogger, scheduler, metricsIntervalMs: 100 })
    await bus.start()
    bus.subscribe('a.b', () => undefined)
    const snapshots: MetricsSnapshot[] = []
    let completed = false
    bus.metrics$.subscribe({ next: (s) => snapshots.push(s), complete: () => (completed = true) })
    await bus.publish(ev('a.b'))
    scheduler.schedule(() => void bus.publish(ev('a.b')), 150)
    scheduler.flush()
    // nothing else is scheduled: advance virtual time for two intervals
    scheduler.maxFrames = 1000
    scheduler.schedule(() => undefined, 250)
    scheduler.flush()
    expect(snapshots.length).toBeGreaterThanOrEqual(3)
    expect(snapshots[0].total.totalEvents).toBe(0)
    expect(snapshots[1].takenAt).toBe(100)
    expect(snapshots[1].total.totalEvents).toBe(1)
    expect(snapshots[2].total.totalEvents).toBe(2)
    const stopping = bus.stop()
    scheduler.flush()
    await stopping
    expect(completed).toBe(true)
  })

  it('can be turned off and still reports queue and in-flight figures', async () => {
    const bus = await startedBus({ metrics: false })
    bus.subscribe('a.b', () => undefined)
    await bus.publish(ev('a.b'))
    const m = bus.getMetrics()
    expect(m.total.totalEvents).toBe(0)
    expect(m.handlers).toEqual({})
    expect(m.queueSize).toBe(0)
    await bus.stop()
  })
})
