/**
 * `@torematrix/event-bus/prometheus`: a bus's metrics in a prom-client registry, by Prometheus's
 * conventions. Needs the optional peer `prom-client` 15 (this entry point imports it).
 *
 * @packageDocumentation
 */
export { collectPrometheusMetrics, DEFAULT_PROMETHEUS_OPTIONS, type PrometheusMetricsOptions } from './collectPrometheusMetrics'
export type { PrometheusMetricsSource } from '../metrics/PrometheusMetricsSource'
