import type * as PromClient from 'prom-client'
import type { MetricsSnapshot } from './MetricsSnapshot'
import type { PrometheusMetricsSource, PrometheusSettings } from './PrometheusMetricsSource'

// model

/** @internal The parts of the prom-client module the collector uses. */
export type PromClientModule = Pick<typeof PromClient, 'Counter' | 'Gauge' | 'Summary' | 'openMetricsContentType'>

/** @internal A prom-client registry of either exposition format. */
export type PromRegistry = PromClient.Registry | PromClient.Registry<PromClient.OpenMetricsContentType>

/** Labels of one series, before the constant ones. */
type Labels = Record<string, string>
type Put = (labels: Labels, value: number) => void

/** The figures of one summary series: windowed quantiles (ms), sum (ms) and count of the timed values. */
interface Timed {
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly sum: number
  readonly count: number
}

const seconds = (ms: number): number => ms / 1000

// constructors

/**
 * @internal Checks that `registry` is a prom-client registry (by its methods: a registry of
 * another copy of prom-client works as well).
 * @throws TypeError when it is not.
 */
export function checkRegistry(where: string, registry: unknown): PromRegistry {
  const r = registry as Partial<Record<'registerMetric' | 'removeSingleMetric' | 'metrics', unknown>> | null | undefined
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.registerMetric !== 'function' ||
    typeof r.removeSingleMetric !== 'function' ||
    typeof r.metrics !== 'function'
  ) {
    throw new TypeError(
      `${where}: the registry must be a prom-client Registry (new Registry() or the global register), got a value of type ${r === null ? 'null' : typeof r}`,
    )
  }
  return registry as PromRegistry
}

/**
 * @internal Registers a bus's metrics with `registry`, named by Prometheus's conventions: each
 * reads `bus.getMetrics()` when the registry is scraped (one snapshot a scrape, nothing between
 * scrapes), and each scrape sets every series anew, so the series of a handler that is gone (its
 * statistics released) are gone from the next scrape. See `collectPrometheusMetrics` of
 * `@torematrix/event-bus/prometheus` for the list.
 *
 * @returns A function that removes these metrics from `registry`.
 */
export function registerBusMetrics(client: PromClientModule, bus: PrometheusMetricsSource, registry: PromRegistry, settings: PrometheusSettings): () => void {
  const { prefix, labels: constant } = settings
  const constantNames = Object.keys(constant)
  // OpenMetrics registries add `_total` to counter names themselves.
  const total = registry.contentType === client.openMetricsContentType ? '' : '_total'

  // One snapshot a scrape: the registry reads every metric in the same tick.
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
  const config = (
    name: string,
    help: string,
    labelNames: readonly string[],
  ): { name: string; help: string; labelNames: string[]; registers: PromRegistry[] } => {
    names.push(`${prefix}_${name}`)
    return { name: `${prefix}_${name}`, help, labelNames: [...labelNames, ...constantNames], registers: [registry] }
  }
  const counter = (name: string, help: string, labelNames: readonly string[], fill: (s: MetricsSnapshot, put: Put) => void): void => {
    const metric: PromClient.Counter = new client.Counter({
      ...config(name + total, help, labelNames),
      collect: () => {
        metric.reset()
        fill(snapshot(), (labels, value) => {
          metric.inc({ ...labels, ...constant }, value)
        })
      },
    })
  }
  const gauge = (name: string, help: string, fill: (s: MetricsSnapshot, put: Put) => void): void => {
    const metric: PromClient.Gauge = new client.Gauge({
      ...config(name, help, []),
      collect: () => {
        metric.reset()
        fill(snapshot(), (labels, value) => {
          metric.set({ ...labels, ...constant }, value)
        })
      },
    })
  }
  const summary = (name: string, help: string, label: string, rows: (s: MetricsSnapshot) => Iterable<readonly [string, Timed]>): void => {
    const metricName = `${prefix}_${name}`
    // A prom-client Summary whose values come from the snapshot (the bus keeps its own window).
    class SnapshotSummary extends client.Summary {
      override async get(): ReturnType<PromClient.Summary['get']> {
        const taken = snapshot() // before any await: the registry starts every metric's get() in one tick
        const base = await super.get()
        const values: (typeof base.values)[number][] = []
        for (const [key, t] of rows(taken)) {
          const labels = { [label]: key, ...constant }
          values.push({ labels: { ...labels, quantile: 0.5 }, value: seconds(t.p50) })
          values.push({ labels: { ...labels, quantile: 0.95 }, value: seconds(t.p95) })
          values.push({ labels: { ...labels, quantile: 0.99 }, value: seconds(t.p99) })
          values.push({ metricName: `${metricName}_sum`, labels, value: seconds(t.sum) })
          values.push({ metricName: `${metricName}_count`, labels, value: t.count })
        }
        return { ...base, values }
      }
    }
    Reflect.construct(SnapshotSummary, [{ ...config(name, help, [label]), percentiles: [0.5, 0.95, 0.99] }])
  }

  const types = (s: MetricsSnapshot): Iterable<readonly [string, MetricsSnapshot['events'][string]]> => Object.entries(s.events)
  const handlers = (s: MetricsSnapshot): Iterable<readonly [string, MetricsSnapshot['handlers'][string]]> => Object.entries(s.handlers)

  counter(
    'events_processed',
    'Events that passed the middleware and finished (handled by every subscription, or unrouted), by event type.',
    ['event_type'],
    (s, put) => {
      for (const [type, m] of types(s)) put({ event_type: type }, m.count)
    },
  )
  counter(
    'events_failed',
    'Of the processed events, those with a failed handler (error, timeout or retries exhausted), by event type.',
    ['event_type'],
    (s, put) => {
      for (const [type, m] of types(s)) put({ event_type: type }, m.errorCount)
    },
  )
  counter('events_unrouted', 'Processed events that no subscription matched.', [], (s, put) => {
    put({}, s.total.unroutedEvents)
  })
  counter('events_filtered', 'Events a middleware dropped on purpose.', [], (s, put) => {
    put({}, s.total.filteredEvents)
  })
  counter('events_dropped', 'Events the overflow policy dropped (queue full).', [], (s, put) => {
    put({}, s.total.droppedEvents)
  })
  counter('dead_letters', 'Events the bus could not deliver, by reason.', ['reason'], (s, put) => {
    for (const [reason, n] of Object.entries(s.total.deadLettersByReason)) put({ reason }, n)
  })
  counter('errors', 'Failed handler deliveries plus middleware errors.', [], (s, put) => {
    put({}, s.total.totalErrors)
  })
  counter(
    'handler_calls',
    'Handler deliveries by outcome: success, or error (failed for good: error, timeout, retries exhausted).',
    ['handler', 'outcome'],
    (s, put) => {
      for (const [handler, m] of handlers(s)) {
        put({ handler, outcome: 'success' }, m.successCount)
        put({ handler, outcome: 'error' }, m.errorCount)
      }
    },
  )
  counter('handler_timeouts', 'Handler calls that timed out (each attempt).', ['handler'], (s, put) => {
    for (const [handler, m] of handlers(s)) put({ handler }, m.timeoutCount)
  })
  counter('handler_retries', 'Handler retries made.', ['handler'], (s, put) => {
    for (const [handler, m] of handlers(s)) put({ handler }, m.retryCount)
  })
  summary(
    'handler_duration_seconds',
    'Handler call duration. Quantiles over the last 60 metrics intervals; _sum and _count over the timed calls (all on a quiet bus, a sample on a busy one).',
    'handler',
    function* (s) {
      for (const [handler, m] of handlers(s)) yield [handler, { p50: m.p50, p95: m.p95, p99: m.p99, sum: m.totalExecutionTime, count: m.timedCount }] as const
    },
  )
  summary(
    'event_processing_seconds',
    'Time from acceptance to the end of the last handler, by event type. Quantiles over the last 60 metrics intervals; _sum and _count over the timed events.',
    'event_type',
    function* (s) {
      for (const [type, m] of types(s)) yield [type, { p50: m.p50, p95: m.p95, p99: m.p99, sum: m.totalProcessingTime, count: m.timedCount }] as const
    },
  )
  gauge('queue_size', 'Events waiting for a handler now.', (s, put) => {
    put({}, s.queueSize)
  })
  gauge('in_flight_calls', 'Handler calls running now.', (s, put) => {
    put({}, s.inFlight)
  })
  gauge('running', '1 between start() and stop(), else 0.', (_, put) => {
    put({}, bus.isRunning ? 1 : 0)
  })
  // The start of the current run, Unix seconds: read once a run (from the wall clock and the
  // uptime), so that it does not jitter from scrape to scrape.
  let startSeconds: number | null = null
  let lastUptime = 0
  gauge('start_time_seconds', 'Start time of the bus (its last start()), Unix seconds; 0 before the first.', (s, put) => {
    if (bus.isRunning && (startSeconds === null || s.uptimeMs < lastUptime)) startSeconds = Math.round(Date.now() - s.uptimeMs) / 1000
    lastUptime = s.uptimeMs
    put({}, startSeconds ?? 0)
  })

  return () => {
    for (const name of names) registry.removeSingleMetric(name)
  }
}
