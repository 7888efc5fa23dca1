import { timer } from 'rxjs'
import { EventBus, silentLogger } from '../../lib'
import { ev, startedBus } from '../helpers/fixtures'
import { testScheduler } from '../helpers/marbles'

describe('EventBus metrics', () => {
  it('times processing from acceptance to the end of the last handler (virtual time)', async () => {
    const scheduler = testScheduler()
    const bus = new EventBus({ logger: silentLogger, scheduler })
    await bus.start()
    bus.subscribe('doc.ocr', () => timer(30, scheduler), { name: 'short' })
    bus.subscribe('doc.ocr', () => timer(80, scheduler), { name: 'long' })
    await bus.publish(ev('doc.ocr'))
    expect(bus.getMetrics().inFlight).toBe(2)
    scheduler.flush()
    await bus.drain()
    const m = bus.getMetrics()
    // The original timed only the publish call: here the event took as long as its slowest handler.
    expect(m.events['doc.ocr']).toMatchObject({ count: 1, averageProcessingTime: 80, maxProcessingTime: 80 })
    expect(m.handlers['short']).toMatchObject({ successCount: 1, averageExecutionTime: 30, maxExecutionTime: 30, p50: 30, p99: 30 })
    expect(m.handlers['long']).toMatchObject({ averageExecutionTime: 80, p95: 80 })
    expect(m.total.averageProcessingTime).toBe(80)
    expect(m.inFlight).toBe(0)
    await bus.stop()
  })

  it('computes p50, p95 and p99 per handler', async () => {
    const scheduler = testScheduler()
    const bus = new EventBus({ logger: silentLogger, scheduler })
    await bus.start()
    bus.subscribe('t.x', (e) => timer(e.payload['ms'] as number, scheduler), { name: 'h', concurrency: Infinity })
    for (let ms = 1; ms <= 100; ms++) await bus.publish(ev('t.x', { ms }))
    scheduler.flush()
    await bus.drain()
    const h = bus.getMetrics().handlers['h']
    expect(h.p50).toBeCloseTo(50, 0)
    expect(h.p95).toBeCloseTo(95, 0)
    expect(h.p99).toBeCloseTo(99, 0)
    expect(h.maxExecutionTime).toBe(100)
    expect(h.averageExecutionTime).toBeCloseTo(50.5, 5)
    await bus.stop()
  })

  it('reports percentiles over a rolling window: p99 follows a change of handler speed within one window (virtual time)', async () => {
    const scheduler = testScheduler()
    // The window: 60 metrics intervals (6 s here), in slices of 10 intervals.
    const bus = new EventBus({ logger: silentLogger, scheduler, metricsIntervalMs: 100 })
    await bus.start()
    let callMs = 200
    bus.subscribe('speed.x', () => timer(callMs, scheduler), { name: 'h' })
    /** Runs what is due until `ms` from now, and stops there. */
    const advance = (ms: number): void => {
      const to = scheduler.now() + ms
      scheduler.schedule(() => undefined, ms)
      scheduler.maxFrames = to
      scheduler.flush()
    }
    /** One event every `callMs + 10` ms for `forMs` ms of virtual time. */
    const run = async (forMs: number): Promise<void> => {
      const end = scheduler.now() + forMs
      while (scheduler.now() < end) {
        await bus.publish(ev('speed.x'))
        advance(callMs + 10) // the call ends after callMs
      }
    }
    await run(100_000) // 476 slow calls
    expect(bus.getMetrics().handlers['h']).toMatchObject({ p50: 200, p99: 200 })
    callMs = 5 // the handler turns fast
    await run(4_000)
    // slow calls of the last 50 intervals are still in the window (read within the histogram's 1/64)
    expect(Math.abs(bus.getMetrics().handlers['h'].p99 - 200)).toBeLessThanOrEqual(200 / 64)
    await run(2_000) // one window after the change
    const h = bus.getMetrics().handlers['h']
    expect(h).toMatchObject({ p50: 5, p95: 5, p99: 5, maxExecutionTime: 200 })
    expect(h.averageExecutionTime).toBeGreaterThan(100) // the average is still over the bus's life
    expect(bus.getMetrics().events['speed.x']).toMatchObject({ p50: 5, p99: 5 }) // the type's processing time too
    const stopping = bus.stop()
    scheduler.maxFrames = Number.POSITIVE_INFINITY
    scheduler.flush()
    await stopping
  })

  describe('timing is sampled on real clocks, counts are not', () => {
    let clock = 0
    beforeEach(() => {
      clock = 0
      jest.spyOn(performance, 'now').mockImplementation(() => clock)
      jest.useFakeTimers({ doNotFake: ['performance', 'nextTick', 'queueMicrotask', 'setImmediate'] })
    })
    afterEach(() => {
      jest.useRealTimers()
      jest.restoreAllMocks()
    })

    it('times every event of a quiet bus', async () => {
      const bus = await startedBus()
      let n = 0
      bus.subscribe('a.b', () => {
        clock += ++n // the n-th event takes n ms
      })
      for (let k = 0; k < 30; k++) {
        clock += 20 // 20 ms between events
        await bus.publish(ev('a.b'))
      }
      const m = bus.getMetrics().events['a.b']
      expect(m).toMatchObject({ count: 30, maxProcessingTime: 30 })
      expect(m.averageProcessingTime).toBeCloseTo(15.5, 10) // (1 + ... + 30) / 30: none skipped
      await bus.stop()
    })

    it('reads the clock a bounded number of times on a busy bus, and times every event again once it turns quiet', async () => {
      const bus = await startedBus()
      let calls = 0
      bus.subscribe('a.b', () => {
        calls++
      })
      const reads = jest.mocked(performance.now)
      const before = reads.mock.calls.length
      for (let k = 0; k < 50_000; k++) {
        clock += 0.0005 // 2 million events a second
        void bus.publish(ev('a.b'))
      }
      const busyReads = reads.mock.calls.length - before
      expect(calls).toBe(50_000)
      expect(bus.getMetrics().events['a.b'].count).toBe(50_000) // counts are exact
      expect(busyReads).toBeGreaterThan(0)
      expect(busyReads).toBeLessThan(1_000) // three reads a timed event would be 150,000

      jest.advanceTimersByTime(60) // the bus turns quiet
      let n = 0
      bus.subscribe('a.c', () => {
        clock += ++n * 100
      })
      for (let k = 0; k < 5; k++) {
        clock += 20
        await bus.publish(ev('a.c'))
      }
      expect(bus.getMetrics().events['a.c']).toMatchObject({ count: 5, averageProcessingTime: 300, maxProcessingTime: 500 })
      await bus.stop()
    })
  })
})
