import type { MetricsSnapshot } from './MetricsSnapshot'

// model

/**
 * What `collectPrometheusMetrics` reads of a bus: any `EventBus` is one.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface PrometheusMetricsSource {
  /** A fresh snapshot, taken once a scrape. */
  getMetrics(): MetricsSnapshot
  /** True between `start()` and `stop()`. */
  readonly isRunning: boolean
}

/** @internal The checked settings of a Prometheus collector. */
export interface PrometheusSettings {
  /** Metric names start with this and `_`. */
  readonly prefix: string
  /** Constant labels of every series. */
  readonly labels: Readonly<Record<string, string>>
}

/** The labels the collector sets itself: a constant label cannot take their names. */
const OWN_LABELS: readonly string[] = ['event_type', 'handler', 'outcome', 'reason', 'quantile', 'le']

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

// constructors

/**
 * @internal Checks a collector's bus, prefix and constant labels.
 * @throws TypeError naming the argument or option that is wrong and what it takes.
 */
export function checkPrometheusSettings(where: string, bus: unknown, prefix: unknown, labels: unknown): PrometheusSettings {
  const b = bus as Partial<Record<'getMetrics', unknown>> | null | undefined
  if (typeof b !== 'object' || b === null || typeof b.getMetrics !== 'function') {
    throw new TypeError(`${where}: bus must be an EventBus (its getMetrics is missing), got ${shown(bus)}`)
  }
  if (typeof prefix !== 'string' || !METRIC_NAME.test(prefix)) {
    throw new TypeError(`${where}: options.prefix must be a Prometheus metric name such as 'eventbus' (letters, digits, _ and :), got ${shown(prefix)}`)
  }
  if (typeof labels !== 'object' || labels === null)
    throw new TypeError(`${where}: options.labels must be an object of label names to strings, got ${shown(labels)}`)
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__') || OWN_LABELS.includes(name)) {
      throw new TypeError(`${where}: options.labels has a label name Prometheus or the collector reserves or refuses: ${shown(name)}`)
    }
    if (typeof value !== 'string') throw new TypeError(`${where}: options.labels.${name} must be a string, got ${shown(value)}`)
  }
  return { prefix, labels: Object.freeze({ ...(labels as Record<string, string>) }) }
}

/** A bad value, described without printing it whole. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value)
  return `a value of type ${typeof value}`
}
