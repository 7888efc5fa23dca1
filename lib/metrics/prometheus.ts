import { loadPromClient } from './loadPromClient'
import { checkPrometheusSettings, type PrometheusMetricsSource } from './PrometheusMetricsSource'
import { checkRegistry, registerBusMetrics, type PromClientModule } from './registerBusMetrics'

export type { PrometheusMetricsSource } from './PrometheusMetricsSource'

/**
 * The 0.1 way to register a bus's metrics with prom-client, kept for one minor version.
 *
 * It registers the same metrics as `collectPrometheusMetrics` of
 * `@torematrix/event-bus/prometheus`, named by Prometheus's conventions (0.2 renamed them:
 * `_total` counters, summaries for durations, no averages, rates or uptime as gauges). It takes
 * the 0.1 arguments: the registry as the second argument, and the prom-client module as
 * `options.client`, loaded with `require` where that exists (CommonJS) when not given. A 0.1
 * prefix such as `'eventbus_'` (with its trailing `_`) names the same metrics as the new
 * `'eventbus'`.
 *
 * @deprecated Use `collectPrometheusMetrics(bus, { registry, prefix, labels })` from
 *   `@torematrix/event-bus/prometheus` (it imports prom-client itself, in ES modules too). Removed in 0.3.0.
 * @param bus The bus (any `EventBus`).
 * @param registry A prom-client `Registry` (for the global one: `client.register`).
 * @param options `client`: the prom-client module (default: `require('prom-client')` where
 *   `require` exists); `prefix` of the names (default `'eventbus'`); constant `labels`.
 * @returns A function that removes these metrics from `registry`.
 * @throws Error when no `client` is given and prom-client cannot be loaded with `require`;
 *   TypeError when an argument is wrong.
 * @category metrics
 * @since 0.1.0
 */
export function collectPrometheusMetrics(
  bus: PrometheusMetricsSource,
  registry: object,
  options: { readonly client?: object; readonly prefix?: string; readonly labels?: Readonly<Record<string, string>> } = {},
): () => void {
  const where = 'collectPrometheusMetrics'
  const reg = checkRegistry(where, registry)
  const settings = checkPrometheusSettings(where, bus, (options.prefix ?? 'eventbus').replace(/_$/, ''), options.labels ?? {})
  const client = (options.client ?? loadPromClient()) as Partial<PromClientModule>
  if (typeof client.Counter !== 'function' || typeof client.Gauge !== 'function' || typeof client.Summary !== 'function') {
    throw new TypeError(`${where}: options.client must be the prom-client module (import * as client from 'prom-client')`)
  }
  return registerBusMetrics(client as PromClientModule, bus, reg, settings)
}
