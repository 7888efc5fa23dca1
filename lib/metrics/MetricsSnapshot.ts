import type { DeadLetterReason } from '../bus/publishTypes'

/**
 * Live statistics of one event type.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface EventTypeMetrics {
  /** Events of this type that passed the middleware and finished (handled, or unrouted). */
  readonly count: number
  /** Of those, events with at least one failed handler (error or timeout). */
  readonly errorCount: number
  /** Mean time from acceptance to the end of the last handler, ms. */
  readonly averageProcessingTime: number
  /** Longest such time, ms. */
  readonly maxProcessingTime: number
  /**
   * Events whose processing time was measured: every event on a quiet bus or a virtual clock; a
   * sample on a busy bus (the clock is read about a thousand times a second). The base of the
   * average and of the percentiles.
   *
   * @since 0.2.0
   */
  readonly timedCount: number
  /**
   * Sum of the measured processing times, ms (with `timedCount`, a Prometheus summary's `_sum`
   * and `_count`).
   *
   * @since 0.2.0
   */
  readonly totalProcessingTime: number
  /**
   * Median processing time over the rolling window, ms: the last 60 metrics intervals
   * (`metricsIntervalMs`; a minute by default), counted in six slices of ten intervals, so
   * between 50 and 60 intervals. Read from a histogram within 1.6 % of the measured times; 0 when
   * no event of the type was timed in the window.
   *
   * @since 0.2.0
   */
  readonly p50: number
  /** 95th percentile of the processing time over the rolling window (see `p50`), ms. @since 0.2.0 */
  readonly p95: number
  /** 99th percentile of the processing time over the rolling window (see `p50`), ms. @since 0.2.0 */
  readonly p99: number
  /** Epoch ms of the newest event of this type (its `timestamp`). */
  readonly lastOccurrence: number
}

/**
 * Live statistics of one handler (by subscription name).
 *
 * @category metrics
 * @since 0.1.0
 */
export interface HandlerMetrics {
  /** Calls that succeeded (after retries, if any). */
  readonly successCount: number
  /** Deliveries that failed for good (error, timeout, or retries exhausted). */
  readonly errorCount: number
  /** Calls that timed out (each attempt). */
  readonly timeoutCount: number
  /** Retries made. */
  readonly retryCount: number
  /** Mean execution time of one call, ms. */
  readonly averageExecutionTime: number
  /** Longest call, ms. */
  readonly maxExecutionTime: number
  /**
   * Calls whose duration was measured: every call on a quiet bus or a virtual clock; a sample on
   * a busy bus. The base of the average and of the percentiles.
   *
   * @since 0.2.0
   */
  readonly timedCount: number
  /** Sum of the measured call durations, ms (with `timedCount`, a summary's `_sum` and `_count`). @since 0.2.0 */
  readonly totalExecutionTime: number
  /**
   * Median execution time over the rolling window, ms: the last 60 metrics intervals
   * (`metricsIntervalMs`; a minute by default), counted in six slices of ten intervals, so
   * between 50 and 60 intervals (in 0.1.0: since the bus started). Read from a histogram within 1.6 %
   * of the measured durations; 0 when no call was timed in the window.
   */
  readonly p50: number
  /** 95th percentile over the rolling window (see `p50`), ms. */
  readonly p95: number
  /** 99th percentile over the rolling window (see `p50`), ms. */
  readonly p99: number
}

/**
 * Totals across the bus.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface TotalMetrics {
  /** Events that passed the middleware and finished. */
  readonly totalEvents: number
  /** Failed handler deliveries plus middleware errors. */
  readonly totalErrors: number
  /** Events with a failed handler / `totalEvents`, 0..1. */
  readonly errorRate: number
  /** Mean processing time (acceptance to last handler's end), ms. */
  readonly averageProcessingTime: number
  /** Events per second over the last second or so. */
  readonly eventsPerSecond: number
  /** Events a middleware dropped on purpose. */
  readonly filteredEvents: number
  /** Events dropped by the overflow policy. */
  readonly droppedEvents: number
  /** Events that no subscription matched (counted in `totalEvents` too). */
  readonly unroutedEvents: number
  /** Dead letters emitted. */
  readonly deadLetters: number
  /** Of those, how many for each reason (reasons with none are left out). @since 0.2.0 */
  readonly deadLettersByReason: Readonly<Partial<Record<DeadLetterReason, number>>>
}

/**
 * Process memory, where the platform tells it.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface MemoryMetrics {
  /** Heap in use, MB. */
  readonly heapUsedMb: number
  /** Resident set size, MB (null in browsers). */
  readonly rssMb: number | null
}

/**
 * An immutable snapshot of a bus's metrics, as `getMetrics()` returns and `metrics$` emits.
 *
 * @category metrics
 * @since 0.1.0
 */
export interface MetricsSnapshot {
  /** Per event type. */
  readonly events: Readonly<Record<string, EventTypeMetrics>>
  /** Per handler name. */
  readonly handlers: Readonly<Record<string, HandlerMetrics>>
  /** Totals. */
  readonly total: TotalMetrics
  /** Events waiting for a handler now (exact). */
  readonly queueSize: number
  /** Handler calls running now (exact). */
  readonly inFlight: number
  /** Memory, or null where the platform has none. */
  readonly memory: MemoryMetrics | null
  /** Since `start()`, ms. */
  readonly uptimeMs: number
  /** When the snapshot was taken (the bus clock, ms). */
  readonly takenAt: number
}
