import type { PromClientModule } from './registerBusMetrics'

// `require` exists in CommonJS (our dist/cjs build, CommonJS apps, jest). Elsewhere (ES modules,
// browsers) it is missing, or the ESM build's shim throws. The module name is a parameter, not a
// literal, so that bundlers do not pull prom-client (a Node-only module) into browser builds of
// the core. Only the deprecated root `collectPrometheusMetrics` uses this; the `./prometheus`
// entry point imports prom-client.
declare const require: ((id: string) => unknown) | undefined

/**
 * @internal Loads prom-client with `require`, for the deprecated root `collectPrometheusMetrics` without `options.client`.
 * @throws Error when prom-client cannot be loaded, or `require` does not exist here.
 */
export function loadPromClient(moduleName = 'prom-client'): PromClientModule {
  try {
    if (typeof require === 'function') return require(moduleName) as PromClientModule
  } catch (error) {
    throw new Error(
      "collectPrometheusMetrics: could not load prom-client; install it, and use collectPrometheusMetrics from '@torematrix/event-bus/prometheus'",
      { cause: error },
    )
  }
  throw new Error(
    "collectPrometheusMetrics: use collectPrometheusMetrics from '@torematrix/event-bus/prometheus' (it imports prom-client itself), or pass the module as options.client; require is not available here",
  )
}
