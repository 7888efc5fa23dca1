import type { MetricsSnapshot } from './MetricsSnapshot'
import { loadPromClient } from './loadPromClient'
import type { PrometheusClient, PrometheusCounterLike, PrometheusGaugeLike, PrometheusMetricConfig, PrometheusRegistry } from './PrometheusClient'

export type {
  PrometheusClient,
  PrometheusCounterLike,
  PrometheusGaugeLike,
  PrometheusMetricClass,
  PrometheusMetricConfig,
  PrometheusRegistry,
} from './PrometheusClient'

// model

/**
 * What `collectPrometheusMetrics` needs of a bus: any `EventBus` fits.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface PrometheusMetricsSource {
  /** A fresh snapshot, taken at each scrape. */
  getMetrics(): MetricsSnapshot
  /** True between `start()` and `stop()`. */
  readonly isRunning: boolean
}

/**
 * Options of {@link collectPrometheusMetrics}.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface PrometheusMetricsOptions<R extends PrometheusRegistry = PrometheusRegistry> {
  /**
   * The prom-client module. Default: `require('prom-client')` where `require` exists (CommonJS);
   * pass it from ES modules and bundles (`import * as client from 'prom-client'`).
   */
  readonly client?: PrometheusClient<R>
  /** Prefix of every metric name; default `'eventbus_'`. Use another to register two buses in one registry. */
  readonly prefix?: string
  /** Constant labels added to every sample, for example `{ bus: 'orders' }`; default none. */
  readonly labels?: Readonly<Record<string, string>>
}

// constructors

/**
 * Registers a bus's metrics with a prom-client `Registry`: each metric reads `bus.getMetrics()`
 * when the registry is scraped (prom-client `collect` callbacks), so nothing runs between scrapes
 * and one scrape sees one snapshot. prom-client is an optional peer dependency.
 *
 * Metrics (with the default prefix; durations in seconds, as Prometheus expects):
 *
 * ```text
 * eventbus_events_total{event_type}                counter  events handled (or unrouted), by type
 * eventbus_event_errors_total{event_type}          counter  of those, events with a failed handler
 * eventbus_event_processing_avg_seconds{event_type} gauge   mean acceptance-to-last-handler time
 * eventbus_event_processing_max_seconds{event_type} gauge   longest such time
 * eventbus_handler_calls_total{handler,outcome}    counter  outcome="success" | "error" (failed for good)
 * eventbus_handler_retries_total{handler}          counter  retries made
 * eventbus_handler_timeouts_total{handler}         counter  calls that timed out (each attempt)
 * eventbus_handler_duration_seconds{handler,quantile} gauge quantile="0.5" | "0.95" | "0.99", since start
 * eventbus_handler_duration_max_seconds{handler}   gauge    longest call
 * eventbus_errors_total                            counter  failed handler deliveries + middleware errors
 * eventbus_dead_letters_total                      counter  dead letters emitted
 * eventbus_dropped_events_total                    counter  events dropped by the overflow policy
 * eventbus_filtered_events_total                   counter  events a middleware dropped on purpose
 * eventbus_unrouted_events_total                   counter  events no subscription matched
 * eventbus_queue_size                              gauge    events waiting for a handler now
 * eventbus_in_flight                               gauge    handler calls running now
 * eventbus_events_per_second                       gauge    rate over the last second or so
 * eventbus_uptime_seconds                          gauge    since start()
 * eventbus_running                                 gauge    1 between start() and stop(), else 0
 * ```
 *
 * Handler latency is a gauge with a `quantile` label, read from the bus's own HdrHistogram
 * (p50/p95/p99 over the bus's life), not a prom-client `Histogram`: the bus exposes no hook per
 * handler call, and buckets cannot be rebuilt from quantiles. Counters restart from 0 with a new
 * bus (Prometheus `rate()` handles resets).
 *
 * @example
 * import * as client from 'prom-client'
 * import { EventBus, collectPrometheusMetrics } from '@torematrix/event-bus'
 *
 * const bus = new EventBus()
 * const registry = new client.Registry()
 * const unregister = collectPrometheusMetrics(bus, registry, { client })
 * // GET /metrics: res.end(await registry.metrics())
 * unregister() // when the bus goes away
 *
 * @param bus The bus (any `EventBus`).
 * @param registry A prom-client `Registry` (for the global one: `client.register`).
 * @param options The prom-client module, a name prefix, constant labels.
 * @returns A function that removes these metrics from `registry`.
 * @throws Error when no `client` is given and `require('prom-client')` is not available; or
 *   prom-client's own error when a metric of the same name is already registered.
 * @category metrics
 * @since 0.1.0
 */
export function collectPrometheusMetrics<R extends PrometheusRegistry>(
  bus: PrometheusMetricsSource,
  registry: R,
  options: PrometheusMetricsOptions<R> = {},
): () => void {
  const client = options.client ?? loadPromClient<R>()
  const prefix = options.prefix ?? 'eventbus_'
  const constant = { ...options.labels }
  const constantNames = Object.keys(constant)

  // One snapshot per scrape: the registry calls every collect() in the same tick.
  let cached: MetricsSnapshot | null = null
  const snapshot = (): MetricsSnapshot => {
    if (cached === null) {
      cached = bus.getMetrics()
      queueMicrotask(() => {
        cached = null
      })
    }
    return cached
  }

  const names: string[] = []
  const register = (
    kind: 'Counter' | 'Gauge',
    name: string,
    help: string,
    labelNames: readonly string[],
    fill: (s: MetricsSnapshot, put: (labels: Record<string, string>, value: number) => void) => void,
  ): void => {
    const full = prefix + name
    const config: PrometheusMetricConfig<R> = {
      name: full,
      help,
      labelNames: [...labelNames, ...constantNames],
      registers: [registry],
      collect: () => {
        metric.reset()
        fill(snapshot(), (labels, value) => {
          put({ ...labels, ...constant }, value)
        })
      },
    }
    let put: (labels: Record<string, string>, value: number) => void
    let metric: PrometheusCounterLike | PrometheusGaugeLike
    if (kind === 'Counter') {
      const counter = new client.Counter(config)
      put = (labels, value) => {
        counter.inc(labels, value)
      }
      metric = counter
    } else {
      const gauge = new client.Gauge(config)
      put = (labels, value) => {
        gauge.set(labels, value)
      }
      metric = gauge
    }
    names.push(full)
  }
  const seconds = (ms: number): number => ms / 1000

  register('Counter', 'events_total', 'Events handled (or unrouted), by event type.', ['event_type'], (s, put) => {
    for (const [type, m] of Object.entries(s.events)) put({ event_type: type }, m.count)
  })
  register('Counter', 'event_errors_total', 'Events with at least one failed handler (error or timeout), by event type.', ['event_type'], (s, put) => {
    for (const [type, m] of Object.entries(s.events)) put({ event_type: type }, m.errorCount)
  })
  register('Gauge', 'event_processing_avg_seconds', 'Mean time from acceptance to the end of the last handler, by event type.', ['event_type'], (s, put) => {
    for (const [type, m] of Object.entries(s.events)) put({ event_type: type }, seconds(m.averageProcessingTime))
  })
  register('Gauge', 'event_processing_max_seconds', 'Longest time from acceptance to the end of the last handler, by event type.', ['event_type'], (s, put) => {
    for (const [type, m] of Object.entries(s.events)) put({ event_type: type }, seconds(m.maxProcessingTime))
  })
  register(
    'Counter',
    'handler_calls_total',
    'Handler deliveries by outcome: success, or error (failed for good: error, timeout, retries exhausted).',
    ['handler', 'outcome'],
    (s, put) => {
      for (const [handler, m] of Object.entries(s.handlers)) {
        put({ handler, outcome: 'success' }, m.successCount)
        put({ handler, outcome: 'error' }, m.errorCount)
      }
    },
  )
  register('Counter', 'handler_retries_total', 'Handler retries made.', ['handler'], (s, put) => {
    for (const [handler, m] of Object.entries(s.handlers)) put({ handler }, m.retryCount)
  })
  register('Counter', 'handler_timeouts_total', 'Handler calls that timed out (each attempt).', ['handler'], (s, put) => {
    for (const [handler, m] of Object.entries(s.handlers)) put({ handler }, m.timeoutCount)
  })
  register(
    'Gauge',
    'handler_duration_seconds',
    'Handler call duration quantiles (0.5, 0.95, 0.99) since the bus started.',
    ['handler', 'quantile'],
    (s, put) => {
      for (const [handler, m] of Object.entries(s.handlers)) {
        put({ handler, quantile: '0.5' }, seconds(m.p50))
        put({ handler, quantile: '0.95' }, seconds(m.p95))
        put({ handler, quantile: '0.99' }, seconds(m.p99))
      }
    },
  )
  register('Gauge', 'handler_duration_max_seconds', 'Longest handler call.', ['handler'], (s, put) => {
    for (const [handler, m] of Object.entries(s.handlers)) put({ handler }, seconds(m.maxExecutionTime))
  })
  const total = (name: string, help: string, read: (s: MetricsSnapshot) => number, kind: 'Counter' | 'Gauge' = 'Counter'): void => {
    register(kind, name, help, [], (s, put) => {
      put({}, read(s))
    })
  }
  total('errors_total', 'Failed handler deliveries plus middleware errors.', (s) => s.total.totalErrors)
  total('dead_letters_total', 'Dead letters emitted.', (s) => s.total.deadLetters)
  total('dropped_events_total', 'Events dropped by the overflow policy.', (s) => s.total.droppedEvents)
  total('filtered_events_total', 'Events a middleware dropped on purpose.', (s) => s.total.filteredEvents)
  total('unrouted_events_total', 'Events that no subscription matched.', (s) => s.total.unroutedEvents)
  total('queue_size', 'Events waiting for a handler now.', (s) => s.queueSize, 'Gauge')
  total('in_flight', 'Handler calls running now.', (s) => s.inFlight, 'Gauge')
  total('events_per_second', 'Events per second over the last second or so.', (s) => s.total.eventsPerSecond, 'Gauge')
  total('uptime_seconds', 'Time since start().', (s) => seconds(s.uptimeMs), 'Gauge')
  total('running', '1 between start() and stop(), else 0.', () => (bus.isRunning ? 1 : 0), 'Gauge')

  return () => {
    for (const name of names) registry.removeSingleMetric(name)
  }
}
