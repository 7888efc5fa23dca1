import * as client from 'prom-client'
import { NEVER, throwError, timer } from 'rxjs'
import { collectPrometheusMetrics, EventBus, silentLogger, type EventBus as Bus } from '../../lib'
import { ev } from '../helpers/fixtures'
import { testScheduler } from '../helpers/marbles'

/** The samples of a Prometheus text exposition: `name{labels}` -> value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    out.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return out
}

/** `# TYPE name kind` lines: name -> kind. */
function types(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1], m[2])
  return out
}

/** A bus under virtual time that has handled: 3 x 'doc.ocr' (ok, 30/30/80 ms), 1 x 'doc.parse' (fails), 1 x 'doc.slow' (times out after a retry). */
async function busWithTraffic(): Promise<Bus> {
  const scheduler = testScheduler()
  const bus = new EventBus({ logger: silentLogger, scheduler })
  await bus.start()
  bus.subscribe('doc.ocr', (e) => timer(e.payload['ms'] as number, scheduler), { name: 'ocr' })
  bus.subscribe('doc.parse', () => throwError(() => new Error('bad page')), { name: 'parser' })
  bus.subscribe('doc.slow', () => NEVER, { name: 'slow', timeoutMs: 10, retry: { count: 1 } })
  for (const ms of [30, 30, 80]) await bus.publish(ev('doc.ocr', { ms }))
  await bus.publish(ev('doc.parse'))
  await bus.publish(ev('doc.slow'))
  scheduler.flush()
  await bus.drain()
  return bus
}

describe('collectPrometheusMetrics', () => {
  it('exposes counters and gauges read from getMetrics() at scrape time', async () => {
    const bus = await busWithTraffic()
    const registry = new client.Registry()
    collectPrometheusMetrics(bus, registry, { client })
    const text = await registry.metrics()
    const s = samples(text)

    expect(s.get('eventbus_events_total{event_type="doc.ocr"}')).toBe(3)
    expect(s.get('eventbus_events_total{event_type="doc.parse"}')).toBe(1)
    expect(s.get('eventbus_event_errors_total{event_type="doc.ocr"}')).toBe(0)
    expect(s.get('eventbus_event_errors_total{event_type="doc.parse"}')).toBe(1)
    expect(s.get('eventbus_event_errors_total{event_type="doc.slow"}')).toBe(1)
    // One at a time: the three events end at 30, 60 and 140 ms after their acceptance.
    expect(s.get('eventbus_event_processing_max_seconds{event_type="doc.ocr"}')).toBe(0.14)
    expect(s.get('eventbus_event_processing_avg_seconds{event_type="doc.ocr"}')).toBeCloseTo((30 + 60 + 140) / 3 / 1000, 9)

    expect(s.get('eventbus_handler_calls_total{handler="ocr",outcome="success"}')).toBe(3)
    expect(s.get('eventbus_handler_calls_total{handler="ocr",outcome="error"}')).toBe(0)
    expect(s.get('eventbus_handler_calls_total{handler="parser",outcome="error"}')).toBe(1)
    expect(s.get('eventbus_handler_calls_total{handler="slow",outcome="error"}')).toBe(1)
    expect(s.get('eventbus_handler_timeouts_total{handler="slow"}')).toBe(2)
    expect(s.get('eventbus_handler_retries_total{handler="slow"}')).toBe(1)
    expect(s.get('eventbus_handler_duration_seconds{handler="ocr",quantile="0.5"}')).toBeCloseTo(0.03, 3)
    expect(s.get('eventbus_handler_duration_seconds{handler="ocr",quantile="0.99"}')).toBeCloseTo(0.08, 3)
    expect(s.get('eventbus_handler_duration_max_seconds{handler="ocr"}')).toBe(0.08)

    expect(s.get('eventbus_errors_total')).toBe(2)
    expect(s.get('eventbus_dead_letters_total')).toBe(2)
    expect(s.get('eventbus_dropped_events_total')).toBe(0)
    expect(s.get('eventbus_filtered_events_total')).toBe(0)
    expect(s.get('eventbus_unrouted_events_total')).toBe(0)
    expect(s.get('eventbus_queue_size')).toBe(0)
    expect(s.get('eventbus_in_flight')).toBe(0)
    expect(s.get('eventbus_running')).toBe(1)
    expect(s.has('eventbus_uptime_seconds')).toBe(true)
    expect(s.has('eventbus_events_per_second')).toBe(true)

    const t = types(text)
    expect(t.get('eventbus_events_total')).toBe('counter')
    expect(t.get('eventbus_handler_calls_total')).toBe('counter')
    expect(t.get('eventbus_handler_duration_seconds')).toBe('gauge')
    expect(t.get('eventbus_queue_size')).toBe('gauge')
    expect(text).toContain('# HELP eventbus_events_total Events handled (or unrouted), by event type.')
    await bus.stop()
    expect(samples(await registry.metrics()).get('eventbus_running')).toBe(0)
  })

  it('reads live values at each scrape (queue, in flight, unrouted)', async () => {
    const bus = new EventBus({ logger: silentLogger })
    await bus.start()
    const registry = new client.Registry()
    collectPrometheusMetrics(bus, registry, { client })
    expect(samples(await registry.metrics()).get('eventbus_in_flight')).toBe(0)

    let release = (): void => undefined
    bus.subscribe('job.run', () => new Promise<void>((resolve) => (release = resolve)), { name: 'worker' })
    await bus.publish(ev('job.run'))
    await bus.publish(ev('job.run'))
    await bus.publish(ev('nobody.listens'))
    const during = samples(await registry.metrics())
    expect(during.get('eventbus_in_flight')).toBe(1)
    expect(during.get('eventbus_queue_size')).toBe(1)
    expect(during.get('eventbus_unrouted_events_total')).toBe(1)

    release()
    await new Promise((resolve) => setImmediate(resolve))
    release()
    await bus.drain()
    const after = samples(await registry.metrics())
    expect(after.get('eventbus_in_flight')).toBe(0)
    expect(after.get('eventbus_handler_calls_total{handler="worker",outcome="success"}')).toBe(2)
    await bus.stop()
  })

  it('takes one snapshot per scrape and none between scrapes', async () => {
    const bus = await busWithTraffic()
    const spy = jest.spyOn(bus, 'getMetrics')
    const registry = new client.Registry()
    collectPrometheusMetrics(bus, registry, { client })
    expect(spy).not.toHaveBeenCalled()
    await registry.metrics()
    expect(spy).toHaveBeenCalledTimes(1)
    await registry.getMetricsAsJSON()
    expect(spy).toHaveBeenCalledTimes(2)
    await bus.stop()
  })

  it('loads prom-client itself where require exists (CommonJS)', async () => {
    const bus = await busWithTraffic()
    const registry = new client.Registry()
    collectPrometheusMetrics(bus, registry)
    expect(samples(await registry.metrics()).get('eventbus_events_total{event_type="doc.ocr"}')).toBe(3)
    await bus.stop()
  })

  it('takes a prefix and constant labels, so two buses share a registry', async () => {
    const a = await busWithTraffic()
    const b = new EventBus({ logger: silentLogger })
    const registry = new client.Registry()
    collectPrometheusMetrics(a, registry, { client, labels: { bus: 'a' } })
    collectPrometheusMetrics(b, registry, { client, prefix: 'other_bus_', labels: { bus: 'b' } })
    const s = samples(await registry.metrics())
    expect(s.get('eventbus_events_total{event_type="doc.ocr",bus="a"}')).toBe(3)
    expect(s.get('other_bus_running{bus="b"}')).toBe(0)
    await a.stop()
  })

  it('refuses a second registration under the same names, and unregisters', async () => {
    const bus = new EventBus({ logger: silentLogger })
    const registry = new client.Registry()
    const unregister = collectPrometheusMetrics(bus, registry, { client })
    expect(() => collectPrometheusMetrics(bus, registry, { client })).toThrow(/already been registered/)
    unregister()
    expect(await registry.metrics()).toBe('\n')
    collectPrometheusMetrics(bus, registry, { client })
    expect(registry.getMetricsAsArray()).toHaveLength(19)
  })

  it('works with the global registry', async () => {
    const bus = new EventBus({ logger: silentLogger })
    const unregister = collectPrometheusMetrics(bus, client.register, { client })
    try {
      expect(samples(await client.register.metrics()).get('eventbus_running')).toBe(0)
    } finally {
      unregister()
    }
  })
})
