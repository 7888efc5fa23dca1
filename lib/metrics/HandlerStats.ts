import type { HandlerMetrics } from './MetricsSnapshot'
import { NO_PERCENTILES, RollingHistogram, WINDOW_SLICES, type WindowPercentiles } from './RollingHistogram'

/** @internal Counts a handler's successful calls where they happen (a subscription's dispatch). */
export interface SuccessCounter {
  readonly successes: number
}

/**
 * @internal Running statistics of one handler name (written only by `foldOutcome.ts`, except
 * the successes, which the dispatches count for their concurrency anyway and which are summed
 * when read). Released with the name's last subscription (`MetricsAccumulator.releaseHandler`).
 */
export class HandlerStats {
  /** Successes of counters that were detached (closed subscriptions). */
  private folded = 0
  /** The live counter (usually one subscription per name), and any more with the same name. */
  private counter: SuccessCounter | null = null
  private more: Set<SuccessCounter> | null = null
  errorCount = 0
  timeoutCount = 0
  retryCount = 0
  timed = 0
  totalTime = 0
  maxTime = 0
  /** Durations of the timed calls over the rolling window; built with the second one. */
  private window: RollingHistogram | null = null
  /** The first timed call's duration and slice, kept without a window (about 500 B) until a second one comes. */
  private first = 0
  private firstSlice = 0

  /** Successful calls: summed over the counters when read (a successful call writes nothing here). */
  get successCount(): number {
    let n = this.folded
    if (this.counter !== null) n += this.counter.successes
    if (this.more !== null) for (const c of this.more) n += c.successes
    return n
  }

  attach(c: SuccessCounter): void {
    if (this.counter === null) this.counter = c
    else (this.more ??= new Set()).add(c)
  }

  /** True when no subscription counts into these statistics (the last one retired): they can be released. */
  get idle(): boolean {
    return this.counter === null && (this.more === null || this.more.size === 0)
  }

  /** Folds a counter's successes in and forgets it (call once it counts no more). O(1). */
  detach(c: SuccessCounter): void {
    if (this.counter === c) this.counter = null
    else if (this.more?.delete(c) !== true) return
    this.folded += c.successes
  }

  /** One timed call's duration, ms, in window slice `slice`. */
  time(ms: number, slice: number): void {
    this.timed++
    this.totalTime += ms
    if (ms > this.maxTime) this.maxTime = ms
    let w = this.window
    if (w === null) {
      if (this.timed === 1) {
        this.first = ms
        this.firstSlice = slice
        return
      }
      w = this.window = new RollingHistogram()
      w.record(this.first, this.firstSlice)
    }
    w.record(ms, slice)
  }

  private percentiles(slice: number): WindowPercentiles {
    if (this.window !== null) return this.window.percentiles(slice)
    // one timed call so far: it is every percentile while it is in the window
    if (this.timed === 0 || this.firstSlice > slice || this.firstSlice <= slice - WINDOW_SLICES) return NO_PERCENTILES
    return { p50: this.first, p95: this.first, p99: this.first }
  }

  /** The handler's figures; percentiles over the window that ends with slice `slice`. */
  view(slice: number): HandlerMetrics {
    const { p50, p95, p99 } = this.percentiles(slice)
    return {
      successCount: this.successCount,
      errorCount: this.errorCount,
      timeoutCount: this.timeoutCount,
      retryCount: this.retryCount,
      averageExecutionTime: this.timed === 0 ? 0 : this.totalTime / this.timed,
      maxExecutionTime: this.maxTime,
      timedCount: this.timed,
      totalExecutionTime: this.totalTime,
      p50,
      p95,
      p99,
    }
  }
}
