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
  /** The transport's connection state, if the bus has one. */
  readonly transport?: TransportStatus
}
