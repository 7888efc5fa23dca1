import type { EventTypeMetrics } from './MetricsSnapshot'
import { NO_PERCENTILES, RollingHistogram } from './RollingHistogram'

/** @internal Running statistics of one event type (written only by `foldOutcome.ts`). */
export class TypeStats {
  count = 0
  errorCount = 0
  timed = 0
  totalTime = 0
  maxTime = 0
  lastOccurrence = 0
  /** Processing times of the timed events over the rolling window; built with the first one. */
  private window: RollingHistogram | null = null

  /** One timed event's processing time, ms, in window slice `slice`. */
  time(ms: number, slice: number): void {
    this.timed++
    this.totalTime += ms
    if (ms > this.maxTime) this.maxTime = ms
    ;(this.window ??= new RollingHistogram()).record(ms, slice)
  }

  /** The type's figures; percentiles over the window that ends with slice `slice`. */
  view(slice: number): EventTypeMetrics {
    const { p50, p95, p99 } = this.window === null ? NO_PERCENTILES : this.window.percentiles(slice)
    return {
      count: this.count,
      errorCount: this.errorCount,
      averageProcessingTime: this.timed === 0 ? 0 : this.totalTime / this.timed,
      maxProcessingTime: this.maxTime,
      timedCount: this.timed,
      totalProcessingTime: this.totalTime,
      p50,
      p95,
      p99,
      lastOccurrence: this.lastOccurrence,
    }
  }
}
