import * as client from 'prom-client'
import type { OpenMetricsContentType, Registry } from 'prom-client'
import { checkPrometheusSettings, type PrometheusMetricsSource } from '../metrics/PrometheusMetricsSource'
import { checkRegistry, registerBusMetrics } from '../metrics/registerBusMetrics'

// model

/**
 * Options of {@link collectPrometheusMetrics}.
 *
 * @category prometheus
 * @since 0.2.0
 */
export interface PrometheusMetricsOptions {
  /** The prom-client registry to register with; default prom-client's global `register`. */
  readonly registry?: Registry | Registry<OpenMetricsContentType>
  /** Start of every metric name (followed by `_`); default `'eventbus'`. Two buses in one registry need two prefixes, or one each with its own registry. */
  readonly prefix?: string
  /** Constant labels of every series, for example `{ service: 'orders' }`; default none. */
  readonly labels?: Readonly<Record<string, string>>
}

/**
 * The defaults of {@link PrometheusMetricsOptions} (the registry defaults to prom-client's global `register`).
 *
 * @category prometheus
 * @since 0.2.0
 */
export const DEFAULT_PROMETHEUS_OPTIONS: Readonly<Required<Omit<PrometheusMetricsOptions, 'registry'>>> = Object.freeze({
  prefix: 'eventbus',
  labels: Object.freeze({}),
})

// constructors

/**
 * Registers a bus's metrics with a prom-client registry, by Prometheus's conventions. Each
 * metric reads `bus.getMetrics()` when the registry is scraped (one snapshot a scrape, nothing
 * runs between scrapes). prom-client 15 is an optional peer dependency: this entry point imports
 * it (in ES modules and CommonJS alike), the core never does.
 *
 * Metrics, with the default prefix (durations in seconds):
 *
 * ```text
 * eventbus_events_processed_total{event_type}  counter  events that passed the middleware and finished
 * eventbus_events_failed_total{event_type}     counter  of those, events with a failed handler
 * eventbus_events_unrouted_total               counter  processed events no subscription matched
 * eventbus_events_filtered_total               counter  events a middleware dropped on purpose
 * eventbus_events_dropped_total                counter  events the overflow policy dropped
 * eventbus_dead_letters_total{reason}          counter  dead letters by reason
 * eventbus_errors_total                        counter  failed handler deliveries + middleware errors
 * eventbus_handler_calls_total{handler,outcome} counter outcome="success" | "error" (failed for good)
 * eventbus_handler_timeouts_total{handler}     counter  calls that timed out (each attempt)
 * eventbus_handler_retries_total{handler}      counter  retries made
 * eventbus_handler_duration_seconds{handler}   summary  quantile 0.5, 0.95, 0.99; _sum, _count
 * eventbus_event_processing_seconds{event_type} summary acceptance to the last handler's end
 * eventbus_queue_size                          gauge    events waiting for a handler now
 * eventbus_in_flight_calls                     gauge    handler calls running now
 * eventbus_running                             gauge    1 between start() and stop(), else 0
 * eventbus_start_time_seconds                  gauge    Unix time of the last start() (0 before the first)
 * ```
 *
 * The summaries' quantiles cover the bus's rolling window (the last 60 metrics intervals, a
 * minute by default; see `HandlerMetrics.p50`); `_sum` and `_count` cover the timed calls since
 * the bus was built (every call on a quiet bus, a sample on a busy one), so
 * `rate(x_sum[5m]) / rate(x_count[5m])` is the mean. Rates are for PromQL (`rate()` of the
 * counters), not gauges. Each scrape sets the series anew: the series of a handler whose
 * subscriptions are all gone (statistics released) are absent from the next scrape. With an
 * OpenMetrics registry, prom-client adds the counters' `_total` itself.
 *
 * @example
 * import { Registry } from 'prom-client'
 * import { EventBus } from '@torematrix/event-bus'
 * import { collectPrometheusMetrics } from '@torematrix/event-bus/prometheus'
 *
 * const bus = new EventBus()
 * const registry = new Registry()
 * const unregister = collectPrometheusMetrics(bus, { registry })
 * // GET /metrics: res.setHeader('Content-Type', registry.contentType); res.end(await registry.metrics())
 * unregister() // when the bus goes away
 *
 * @param bus The bus (any `EventBus`).
 * @param options The registry, a name prefix, constant labels.
 * @returns A function that removes these metrics from the registry.
 * @throws TypeError when `bus` is not a bus or an option is wrong (naming it); prom-client's own
 *   error when a metric of the same name is already registered.
 * @category prometheus
 * @since 0.2.0
 */
export function collectPrometheusMetrics(bus: PrometheusMetricsSource, options: PrometheusMetricsOptions = {}): () => void {
  const where = 'collectPrometheusMetrics'
  if (typeof options !== 'object' || (options as unknown) === null) throw new TypeError(`${where}: options must be an object`)
  const registry = checkRegistry(where, options.registry ?? client.register)
  const settings = checkPrometheusSettings(where, bus, options.prefix ?? DEFAULT_PROMETHEUS_OPTIONS.prefix, options.labels ?? DEFAULT_PROMETHEUS_OPTIONS.labels)
  return registerBusMetrics(client, bus, registry, settings)
}
