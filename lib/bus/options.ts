import type { Logger } from './types'

const noop = (): void => undefined

/**
 * The default logger: warnings and errors to `console`, debug and info dropped.
 *
 * @category bus
 * @since 0.1.0
 */
export const consoleLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: (fields: object, message?: string) => console.warn(message ?? '', fields),
  error: (fields: object, message?: string) => console.error(message ?? '', fields),
})

/**
 * A logger that drops everything (for tests and benchmarks).
 *
 * @category bus
 * @since 0.1.0
 */
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop })

/**
 * The defaults of `EventBusOptions`, frozen. `defaultTimeoutMs: 0` means no timeout;
 * `replay.count: 0` means no replay; `scheduler: null` means RxJS's `asyncScheduler` with a
 * high-resolution clock.
 *
 * @category bus
 * @since 0.1.0
 */
export const DEFAULT_BUS_OPTIONS = Object.freeze({
  maxQueueSize: 10_000,
  overflow: 'wait',
  defaultTimeoutMs: 0,
  logger: consoleLogger,
  scheduler: null,
  metricsIntervalMs: 1_000,
  metrics: true,
  errorEvents: false,
  replay: Object.freeze({ count: 0 }),
  stopTimeoutMs: 30_000,
} as const)
