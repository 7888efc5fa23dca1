import type { Event } from '../events/Event'

// Types of publishing: options, results, and dead letters.

/**
 * Options of `publish`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface PublishOptions {
  /**
   * `'accepted'` (default): resolve when the event is accepted (queued).
   * `'handled'`: resolve with every handler's outcome (a {@link PublishResult}).
   */
  readonly waitFor?: 'accepted' | 'handled'
}

/**
 * One handler's outcome for one event.
 *
 * @category bus
 * @since 0.1.0
 */
export interface HandlerOutcome {
  /** The subscription's name. */
  readonly handler: string
  /** `'fulfilled'`, `'rejected'` (threw, rejected, errored), `'timeout'`, or `'cancelled'` (unsubscribed or stopped before it ran). */
  readonly status: 'fulfilled' | 'rejected' | 'timeout' | 'cancelled'
  /** The error, for `'rejected'` and `'timeout'`. */
  readonly error?: unknown
  /** Calls made (1 + retries). */
  readonly attempts: number
  /** Time of the last call, ms. */
  readonly durationMs: number
}

/**
 * What `publish(event, { waitFor: 'handled' })` resolves with.
 *
 * @category bus
 * @since 0.1.0
 */
export interface PublishResult {
  /** The event as handlers saw it (after middleware). */
  readonly event: Event
  /** `'handled'`, `'filtered'` (a middleware dropped it), `'unrouted'` (no subscriber), `'dead-letter'` (middleware error, overflow, shutdown). */
  readonly status: 'handled' | 'filtered' | 'unrouted' | 'dead-letter'
  /** One entry per handler that was to receive the event. */
  readonly outcomes: readonly HandlerOutcome[]
  /** True when every outcome is `'fulfilled'` and the event was handled. */
  readonly ok: boolean
}

/**
 * Why an event became a dead letter.
 *
 * @category bus
 * @since 0.1.0
 */
export type DeadLetterReason = 'handler-error' | 'timeout' | 'retries-exhausted' | 'overflow' | 'middleware-error' | 'invalid' | 'shutdown'

/**
 * An event the bus could not deliver, as emitted by `deadLetters$`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface DeadLetter {
  /** The event. */
  readonly event: Event
  /** Why. */
  readonly reason: DeadLetterReason
  /** The error, if any. */
  readonly error?: unknown
  /** The handler concerned, if any. */
  readonly handler?: string
  /** Calls made (0 when no handler ran). */
  readonly attempts: number
}
