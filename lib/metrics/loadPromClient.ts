import type { PrometheusClient, PrometheusRegistry } from './PrometheusClient'

// `require` exists in CommonJS (our dist/cjs build, CommonJS apps, jest). Elsewhere (ES modules,
// browsers) it is missing, or the ESM build's shim throws: the caller must pass `client`. The
// module name is a parameter, not a literal, so that bundlers do not pull prom-client (a Node-only
// module) into browser builds of the core.
declare const require: ((id: string) => unknown) | undefined

/**
 * @internal Loads prom-client with `require`, for `collectPrometheusMetrics` without `options.client`.
 * @throws Error when prom-client cannot be loaded, or `require` does not exist here.
 */
export function loadPromClient<R extends PrometheusRegistry>(moduleName = 'prom-client'): PrometheusClient<R> {
  try {
    if (typeof require === 'function') return require(moduleName) as PrometheusClient<R>
  } catch (error) {
    throw new Error(
      "collectPrometheusMetrics: could not load prom-client; install it, or pass the module as options.client (import * as client from 'prom-client')",
      { cause: error },
    )
  }
  throw new Error(
    "collectPrometheusMetrics: pass the prom-client module as options.client (import * as client from 'prom-client'); require is not available here",
  )
}
