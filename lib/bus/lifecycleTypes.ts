import type { Event } from '../events/Event'
import type { TransportStatus } from './transport'

// Types of a running bus's lifecycle: `stop()` and `health()`.

/**
 * What `stop()` resolves with.
 *
 * @category bus
 * @since 0.1.0
 */
export interface StopResult {
  /** Events not handled by the deadline (queued, or with handlers still running), so the caller can persist them. */
  readonly undelivered: readonly Event[]
}

/**
 * Options of `stop()`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface StopOptions {
  /** How long to drain before giving up, ms; default 30,000. */
  readonly timeoutMs?: number
}

/**
 * Options of `drain()`.
 *
 * @category bus
 * @since 0.2.0
 */
export interface DrainOptions {
  /**
   * Reject with a `DrainTimeoutError` (which says what still runs) after this many ms, instead of
   * waiting for good (a handler that never ends would otherwise keep `drain()` pending).
   */
  readonly timeoutMs?: number
}

/**
 * A readiness report, from `bus.health()`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface BusHealth {
  /** True between `start()` and `stop()`. */
  readonly running: boolean
  /** Waiting events / `maxQueueSize`, 0..1. */
  readonly queueFill: number
  /** As in metrics: events with a failed handler / handled events, 0..1. */
  readonly errorRate: number
  /** Dead letters so far. */
  readonly deadLetters: number
  /** `running` and the queue below 90 % full (and the transport connected, if any). */
  readonly healthy: boolean
  /**
   * How long the oldest running handler call has run, ms (0 when none runs): exact for timed
   * calls, else measured from when the bus first looked at it (within a second).
   */
  readonly oldestCallMs: number
  /** Calls that `stop()` gave up on at its deadline and that still run (they cannot publish). */
  readonly abandonedCalls: number
  /** The transport's connection state, if the bus has one. */
  readonly transport?: TransportStatus
}
