import type { SchedulerLike } from 'rxjs'
import type { HistoryOptions } from '../history/HistoryOptions'
import type { Transport } from './transport'

// Types of a bus's configuration: `new EventBus(options)`.

/**
 * A pino-style logger: `console`, pino, or any object with these four methods.
 * The bus calls them as `logger.warn(fields, message)`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface Logger {
  /** Detail (middleware logging at level debug, bus start). */
  debug(fields: object, message?: string): void
  /** Information (`LoggingMiddleware` by default). */
  info(fields: object, message?: string): void
  /** Something went wrong but was handled (redeliveries, undelivered events at stop). */
  warn(fields: object, message?: string): void
  /** A handler or middleware failed; an event went to dead letters. */
  error(fields: object, message?: string): void
}

/**
 * Options of replay for late subscribers.
 *
 * @category bus
 * @since 0.1.0
 */
export interface ReplayOptions {
  /** How many of the last events `events$` and `on()` replay to a new subscriber. */
  readonly count: number
}

/**
 * Queue overflow policy. `'wait'` (default): `publish` waits for room; `'reject'`: `publish`
 * rejects with `QueueOverflowError`; `'drop-oldest'`: the oldest waiting event is dropped;
 * `'drop-newest'`: the incoming event is dropped. Dropped events are counted and sent to
 * `deadLetters$` (reason `'overflow'`).
 *
 * @category bus
 * @since 0.1.0
 */
export type OverflowPolicy = 'wait' | 'reject' | 'drop-oldest' | 'drop-newest'

/**
 * Options of `new EventBus(options)`. Defaults are in `DEFAULT_BUS_OPTIONS`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface EventBusOptions {
  /** Most events waiting across the bus; default 10,000. */
  readonly maxQueueSize?: number
  /** What happens when `maxQueueSize` events wait; default `'wait'`. */
  readonly overflow?: OverflowPolicy
  /** Timeout of every handler without its own `timeoutMs`, ms; default none. */
  readonly defaultTimeoutMs?: number
  /** Where the bus logs failures; default `console` for warnings and errors only. */
  readonly logger?: Logger
  /** The scheduler of every timer of the bus (timeouts, retries, metrics); a `TestScheduler` gives virtual time. */
  readonly scheduler?: SchedulerLike
  /** How often `metrics$` emits a snapshot, ms; default 1,000. */
  readonly metricsIntervalMs?: number
  /** Keep metrics (on by default); off saves a little per event. */
  readonly metrics?: boolean
  /** Publish an `ErrorEvent` (`document.error.occurred`) when a handler fails; default false. */
  readonly errorEvents?: boolean
  /** Replay the last `count` events to late subscribers of `events$`/`on()`; default none. */
  readonly replay?: ReplayOptions
  /**
   * Carry events across processes (for example `natsTransport(...)` from
   * `@torematrix/event-bus/nats`): `publish` writes to the broker and subscriptions consume
   * from it, at least once. Default none (in-process).
   */
  readonly transport?: Transport
  /** With a transport: how many completed event ids each subscription remembers to drop redeliveries; default 10,000. */
  readonly dedupeWindow?: number
  /**
   * Warn (once per call) about a handler call that has run longer than this, ms: a handler
   * without a timeout that never ends is otherwise invisible. Default 60,000; 0 turns it off.
   */
  readonly slowCallWarnMs?: number
  /**
   * Keep the last `maxEvents` accepted events in memory (a bounded ring) for `history$` and
   * `subscribe(..., { from })`; default off. With a transport, history is read from the
   * broker's stream instead and this is not needed.
   */
  readonly history?: HistoryOptions
}
