import * as client from 'prom-client'
import { collectPrometheusMetrics, EventBus, silentLogger } from '../../lib'
import { loadPromClient } from '../../lib/metrics/loadPromClient'
import { busWithTraffic, samples } from '../helpers/exposition'

/* eslint-disable @typescript-eslint/no-deprecated -- the deprecated root alias is what this file tests */
describe('collectPrometheusMetrics from the root entry (deprecated alias)', () => {
  it('registers the same metrics as the ./prometheus entry, with the 0.1 arguments', async () => {
    const bus = await busWithTraffic()
    const registry = new client.Registry()
    collectPrometheusMetrics(bus, registry, { client })
    const s = samples(await registry.metrics())
    expect(s.get('eventbus_events_processed_total{event_type="doc.ocr"}')).toBe(3)
    expect(s.get('eventbus_handler_duration_seconds_count{handler="ocr"}')).toBe(3)
    expect(registry.getMetricsAsArray()).toHaveLength(16)
    await bus.stop()
  })

  it('loads prom-client itself where require exists, and reads a 0.1 prefix with its trailing _', async () => {
    const bus = await busWithTraffic()
    const registry = new client.Registry()
    const unregister = collectPrometheusMetrics(bus, registry, { prefix: 'orders_', labels: { bus: 'a' } })
    expect(samples(await registry.metrics()).get('orders_events_processed_total{event_type="doc.ocr",bus="a"}')).toBe(3)
    unregister()
    expect(registry.getMetricsAsArray()).toHaveLength(0)
    await bus.stop()
  })

  it('says what to do when prom-client cannot be loaded, or the client is not prom-client', () => {
    const bus = new EventBus({ logger: silentLogger })
    expect(() => loadPromClient('no-such-prom-client')).toThrow(
      /could not load prom-client; install it, and use collectPrometheusMetrics from '@torematrix\/event-bus\/prometheus'/,
    )
    expect(() => collectPrometheusMetrics(bus, new client.Registry(), { client: {} })).toThrow(/options.client must be the prom-client module/)
    expect(() => collectPrometheusMetrics(bus, {})).toThrow(/registry must be a prom-client Registry/)
  })
})
