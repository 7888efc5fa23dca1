import { Registry, register, type OpenMetricsContentType } from 'prom-client'
import { EventBus, silentLogger } from '../../lib'
import { collectPrometheusMetrics, DEFAULT_PROMETHEUS_OPTIONS } from '../../lib/prometheus'
import { busWithTraffic, samples, types } from '../helpers/exposition'
import { ev, settle } from '../helpers/fixtures'
import { testScheduler } from '../helpers/marbles'

describe('collectPrometheusMetrics (@torematrix/event-bus/prometheus)', () => {
  it('exposes counters, summaries and gauges by Prometheus conventions, with the bus counts', async () => {
    const bus = await busWithTraffic()
    const registry = new Registry()
    collectPrometheusMetrics(bus, { registry })
    const text = await registry.metrics()
    const s = samples(text)
    const m = bus.getMetrics()

    expect(s.get('eventbus_events_processed_total{event_type="doc.ocr"}')).toBe(3)
    expect(s.get('eventbus_events_processed_total{event_type="doc.parse"}')).toBe(1)
    expect(s.get('eventbus_events_failed_total{event_type="doc.ocr"}')).toBe(0)
    expect(s.get('eventbus_events_failed_total{event_type="doc.parse"}')).toBe(1)
    expect(s.get('eventbus_events_failed_total{event_type="doc.slow"}')).toBe(1)
    expect(s.get('eventbus_handler_calls_total{handler="ocr",outcome="success"}')).toBe(3)
    expect(s.get('eventbus_handler_calls_total{handler="ocr",outcome="error"}')).toBe(0)
    expect(s.get('eventbus_handler_calls_total{handler="parser",outcome="error"}')).toBe(1)
    expect(s.get('eventbus_handler_calls_total{handler="slow",outcome="error"}')).toBe(1)
    expect(s.get('eventbus_handler_timeouts_total{handler="slow"}')).toBe(2)
    expect(s.get('eventbus_handler_retries_total{handler="slow"}')).toBe(1)
    for (const [reason, n] of Object.entries(m.total.deadLettersByReason)) expect(s.get(`eventbus_dead_letters_total{reason="${reason}"}`)).toBe(n)
    expect([...s.keys()].filter((k) => k.startsWith('eventbus_dead_letters_total')).length).toBeGreaterThan(0)
    expect([...s].filter(([k]) => k.startsWith('eventbus_dead_letters_total')).reduce((n, [, v]) => n + v, 0)).toBe(2)
    expect(s.get('eventbus_errors_total')).toBe(2)
    expect(s.get('eventbus_events_dropped_total')).toBe(0)
    expect(s.get('eventbus_events_filtered_total')).toBe(0)
    expect(s.get('eventbus_events_unrouted_total')).toBe(0)

    // durations: summaries, quantiles over the window, _sum and _count over the timed calls
    expect(s.get('eventbus_handler_duration_seconds{handler="ocr",quantile="0.5"}')).toBeCloseTo(0.03, 3)
    expect(s.get('eventbus_handler_duration_seconds{handler="ocr",quantile="0.99"}')).toBe(0.08)
    expect(s.get('eventbus_handler_duration_seconds_sum{handler="ocr"}')).toBeCloseTo(0.14, 9)
    expect(s.get('eventbus_handler_duration_seconds_count{handler="ocr"}')).toBe(3)
    // One at a time: the three events end at 30, 60 and 140 ms after their acceptance.
    expect(s.get('eventbus_event_processing_seconds_sum{event_type="doc.ocr"}')).toBeCloseTo(0.23, 9)
    expect(s.get('eventbus_event_processing_seconds_count{event_type="doc.ocr"}')).toBe(3)
    expect(s.get('eventbus_event_processing_seconds{event_type="doc.ocr",quantile="0.99"}')).toBe(0.14)

    expect(s.get('eventbus_queue_size')).toBe(0)
    expect(s.get('eventbus_in_flight_calls')).toBe(0)
    expect(s.get('eventbus_running')).toBe(1)
    expect(Math.abs((s.get('eventbus_start_time_seconds') ?? 0) - Date.now() / 1000)).toBeLessThan(60)

    const t = types(text)
    for (const [name, kind] of t) {
      if (kind === 'counter') expect(name).toMatch(/_total$/)
      expect(name).not.toMatch(/avg|per_second|uptime|_max_/) // no averages, rates or lifetime extremes as gauges
    }
    expect(t.get('eventbus_events_processed_total')).toBe('counter')
    expect(t.get('eventbus_handler_duration_seconds')).toBe('summary')
    expect(t.get('eventbus_event_processing_seconds')).toBe('summary')
    expect(t.get('eventbus_start_time_seconds')).toBe('gauge')
    expect(t.get('eventbus_queue_size')).toBe('gauge')
    expect(text).toContain('# HELP eventbus_events_processed_total Events that passed the middleware and finished')

    const started = s.get('eventbus_start_time_seconds')
    await bus.stop()
    const stopped = samples(await registry.metrics())
    expect(stopped.get('eventbus_running')).toBe(0)
    expect(stopped.get('eventbus_start_time_seconds')).toBe(started) // the last start
    const fresh = new Registry()
    collectPrometheusMetrics(new EventBus({ logger: silentLogger }), { registry: fresh })
    expect(samples(await fresh.metrics()).get('eventbus_start_time_seconds')).toBe(0) // never started
  })

  it('reads live values at each scrape (queue, in flight, unrouted), and a steady start time', async () => {
    const bus = new EventBus({ logger: silentLogger })
    await bus.start()
    const registry = new Registry()
    collectPrometheusMetrics(bus, { registry })
    const first = samples(await registry.metrics())
    expect(first.get('eventbus_in_flight_calls')).toBe(0)

    let release = (): void => undefined
    bus.subscribe('job.run', () => new Promise<void>((resolve) => (release = resolve)), { name: 'worker' })
    await bus.publish(ev('job.run'))
    await bus.publish(ev('job.run'))
    await bus.publish(ev('nobody.listens'))
    const during = samples(await registry.metrics())
    expect(during.get('eventbus_in_flight_calls')).toBe(1)
    expect(during.get('eventbus_queue_size')).toBe(1)
    expect(during.get('eventbus_events_unrouted_total')).toBe(1)
    expect(during.get('eventbus_start_time_seconds')).toBe(first.get('eventbus_start_time_seconds'))

    release()
    await settle()
    release()
    await bus.drain()
    const after = samples(await registry.metrics())
    expect(after.get('eventbus_in_flight_calls')).toBe(0)
    expect(after.get('eventbus_handler_calls_total{handler="worker",outcome="success"}')).toBe(2)
    await bus.stop()
  })

  it('drops the series of a handler whose subscriptions are all gone at the next scrape', async () => {
    const bus = new EventBus({ logger: silentLogger })
    await bus.start()
    const registry = new Registry()
    collectPrometheusMetrics(bus, { registry })
    const kept = bus.subscribe('a.b', () => undefined, { name: 'kept' })
    const gone = bus.subscribe('a.b', () => undefined, { name: 'gone' })
    await bus.publish(ev('a.b'))
    const before = await registry.metrics()
    expect(before).toContain('handler="gone"')
    gone.unsubscribe()
    await settle()
    const after = await registry.metrics()
    expect(after).not.toContain('handler="gone"')
    expect(samples(after).get('eventbus_handler_calls_total{handler="kept",outcome="success"}')).toBe(1)
    kept.unsubscribe()
    await bus.stop()
  })

  it('reads the start time once a run, and again after a restart', async () => {
    const scheduler = testScheduler()
    scheduler.maxFrames = Number.POSITIVE_INFINITY
    const bus = new EventBus({ logger: silentLogger, scheduler })
    const registry = new Registry()
    collectPrometheusMetrics(bus, { registry })
    const wall = jest.spyOn(Date, 'now').mockReturnValue(1_000_000)
    await bus.start()
    const start = async (): Promise<number | undefined> => samples(await registry.metrics()).get('eventbus_start_time_seconds')
    expect(await start()).toBe(1000)
    scheduler.schedule(() => undefined, 5_000)
    scheduler.flush()
    wall.mockReturnValue(1_005_000)
    expect(await start()).toBe(1000) // steady within a run
    const stopping = bus.stop()
    scheduler.flush()
    await stopping
    wall.mockReturnValue(1_010_000)
    await bus.start()
    expect(await start()).toBe(1010)
    wall.mockRestore()
    const stopping2 = bus.stop()
    scheduler.flush()
    await stopping2
  })

  it('takes one snapshot per scrape and none between scrapes', async () => {
    const bus = await busWithTraffic()
    const spy = jest.spyOn(bus, 'getMetrics')
    const registry = new Registry()
    collectPrometheusMetrics(bus, { registry })
    expect(spy).not.toHaveBeenCalled()
    await registry.metrics()
    expect(spy).toHaveBeenCalledTimes(1)
    await registry.getMetricsAsJSON()
    expect(spy).toHaveBeenCalledTimes(2)
    await bus.stop()
  })

  it('takes a prefix and constant labels, so two buses share a registry', async () => {
    const a = await busWithTraffic()
    const b = new EventBus({ logger: silentLogger })
    const registry = new Registry()
    collectPrometheusMetrics(a, { registry, labels: { bus: 'a' } })
    collectPrometheusMetrics(b, { registry, prefix: 'other_bus', labels: { bus: 'b' } })
    const s = samples(await registry.metrics())
    expect(s.get('eventbus_events_processed_total{event_type="doc.ocr",bus="a"}')).toBe(3)
    expect(s.get('eventbus_handler_duration_seconds_count{handler="ocr",bus="a"}')).toBe(3)
    expect(s.get('other_bus_running{bus="b"}')).toBe(0)
    await a.stop()
  })

  it('refuses a second registration under the same names, and unregisters', async () => {
    const bus = new EventBus({ logger: silentLogger })
    const registry = new Registry()
    const unregister = collectPrometheusMetrics(bus, { registry })
    expect(registry.getMetricsAsArray()).toHaveLength(16)
    expect(() => collectPrometheusMetrics(bus, { registry })).toThrow(/already been registered/)
    unregister()
    expect(await registry.metrics()).toBe('\n')
  })

  it('registers with prom-client’s global registry by default', async () => {
    const bus = new EventBus({ logger: silentLogger })
    const unregister = collectPrometheusMetrics(bus)
    try {
      expect(samples(await register.metrics()).get('eventbus_running')).toBe(0)
    } finally {
      unregister()
    }
    expect(DEFAULT_PROMETHEUS_OPTIONS).toEqual({ prefix: 'eventbus', labels: {} })
    expect(Object.isFrozen(DEFAULT_PROMETHEUS_OPTIONS)).toBe(true)
  })

  it('names counters without _total for an OpenMetrics registry (prom-client adds it)', async () => {
    const bus = await busWithTraffic()
    const registry = new Registry<OpenMetricsContentType>()
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE)
    collectPrometheusMetrics(bus, { registry })
    const text = await registry.metrics()
    expect(samples(text).get('eventbus_events_processed_total{event_type="doc.ocr"}')).toBe(3)
    expect(text).not.toContain('_total_total')
    await bus.stop()
  })

  it('rejects a wrong bus, registry, prefix or label with a TypeError that names it', () => {
    const bus = new EventBus({ logger: silentLogger })
    const registry = new Registry()
    expect(() => collectPrometheusMetrics({} as unknown as EventBus, { registry })).toThrow(/bus must be an EventBus/)
    expect(() => collectPrometheusMetrics(bus, { registry: {} as unknown as Registry })).toThrow(/registry must be a prom-client Registry/)
    expect(() => collectPrometheusMetrics(bus, { registry, prefix: 'my-bus' })).toThrow(/options.prefix must be a Prometheus metric name .* got 'my-bus'/)
    expect(() => collectPrometheusMetrics(bus, { registry, labels: { handler: 'x' } })).toThrow(/options.labels .*'handler'/)
    expect(() => collectPrometheusMetrics(bus, { registry, labels: { __name__: 'x' } })).toThrow(TypeError)
    expect(() => collectPrometheusMetrics(bus, { registry, labels: { bus: 1 as unknown as string } })).toThrow(/options.labels.bus must be a string, got 1/)
    expect(() => collectPrometheusMetrics(bus, null as unknown as object)).toThrow(/options must be an object/)
    expect(registry.getMetricsAsArray()).toHaveLength(0)
  })
})
