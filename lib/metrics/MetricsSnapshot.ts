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
  /** Median execution time, ms. */
  readonly p50: number
  /** 95th percentile, ms. */
  readonly p95: number
  /** 99th percentile, ms. */
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
