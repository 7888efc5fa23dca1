// The parts of prom-client that `collectPrometheusMetrics` uses, as structural types, so the
// core's declarations do not need prom-client.

// model

/**
 * The part of a prom-client `Registry` that `collectPrometheusMetrics` uses: any prom-client 15
 * `Registry` fits. (A structural type, so the core's declarations do not need prom-client.)
 *
 * @category metrics
 * @since 0.1.0
 */
export interface PrometheusRegistry {
  /** Unregisters one metric by name. */
  removeSingleMetric(name: string): void
}

/**
 * The configuration `collectPrometheusMetrics` passes to prom-client's `Counter` and `Gauge`.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface PrometheusMetricConfig<R extends PrometheusRegistry> {
  /** Metric name. */
  name: string
  /** Help text. */
  help: string
  /** Label names. */
  labelNames: string[]
  /** The registry to register with. */
  registers: R[]
  /** Called at every scrape; sets the values. */
  collect(): void
}

/**
 * A prom-client metric as `collectPrometheusMetrics` drives it from its `collect` callback.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface PrometheusCounterLike {
  /** Clears every labelled value. */
  reset(): void
  /** Adds `value` to the series of `labels`. */
  inc(labels: Record<string, string>, value: number): void
}

/**
 * A prom-client gauge as `collectPrometheusMetrics` drives it from its `collect` callback.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface PrometheusGaugeLike {
  /** Clears every labelled value. */
  reset(): void
  /** Sets the series of `labels` to `value`. */
  set(labels: Record<string, string>, value: number): void
}

/**
 * The prom-client module (`import * as client from 'prom-client'`), or anything with its
 * `Counter` and `Gauge` classes.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface PrometheusClient<R extends PrometheusRegistry = PrometheusRegistry> {
  /** prom-client's `Counter` class. */
  readonly Counter: PrometheusMetricClass<R, PrometheusCounterLike>
  /** prom-client's `Gauge` class. */
  readonly Gauge: PrometheusMetricClass<R, PrometheusGaugeLike>
}

/**
 * A prom-client metric class (`Counter`, `Gauge`) as `collectPrometheusMetrics` constructs it.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface PrometheusMetricClass<R extends PrometheusRegistry, M> {
  /**
   * Creates the metric and registers it with `config.registers`.
   *
   * @param config Name, help, label names, registries and the `collect` callback.
   */
  new (config: PrometheusMetricConfig<R>): M
}
