import type { SchedulerLike } from 'rxjs'
import type { Logger, OverflowPolicy, ReplayOptions } from './types'

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
  warn: (fields: object, message?: string) => {
    console.warn(message ?? '', fields)
  },
  error: (fields: object, message?: string) => {
    console.error(message ?? '', fields)
  },
})

/**
 * A logger that drops everything (for tests and benchmarks).
 *
 * @category bus
 * @since 0.1.0
 */
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop })

/**
 * The shape of {@link DEFAULT_BUS_OPTIONS}.
 *
 * @category bus
 * @since 0.1.0
 */
export interface BusDefaults {
  /** 10,000 events waiting across the bus. */
  readonly maxQueueSize: number
  /** `'wait'`: `publish` waits for room. */
  readonly overflow: OverflowPolicy
  /** 0: no handler timeout. */
  readonly defaultTimeoutMs: number
  /** `consoleLogger`: warnings and errors to the console. */
  readonly logger: Logger
  /** null: RxJS's `asyncScheduler` with a high-resolution clock. */
  readonly scheduler: SchedulerLike | null
  /** 1,000 ms between `metrics$` snapshots. */
  readonly metricsIntervalMs: number
  /** true: metrics are kept. */
  readonly metrics: boolean
  /** false: no `ErrorEvent` for handler failures. */
  readonly errorEvents: boolean
  /** `{ count: 0 }`: no replay. */
  readonly replay: ReplayOptions
  /** 30,000 ms: the drain deadline of `stop()`. */
  readonly stopTimeoutMs: number
  /** 60,000 ms: a handler call running longer is logged (once). */
  readonly slowCallWarnMs: number
}

/**
 * The defaults of `EventBusOptions`, frozen. `defaultTimeoutMs: 0` means no timeout;
 * `replay.count: 0` means no replay; `scheduler: null` means RxJS's `asyncScheduler` with a
 * high-resolution clock.
 *
 * @category bus
 * @since 0.1.0
 */
export const DEFAULT_BUS_OPTIONS: BusDefaults = Object.freeze({
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
  slowCallWarnMs: 60_000,
})
