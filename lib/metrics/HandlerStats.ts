import { LatencyHistogram } from './histogram'
import type { HandlerMetrics } from './MetricsSnapshot'

/** Timings recorded in full before sampling one in eight into the histogram. */
const HIST_WARMUP = 4096

/** @internal Counts a handler's successful calls where they happen (a subscription's dispatch). */
export interface SuccessCounter {
  readonly successes: number
}

/**
 * @internal Running statistics of one handler name (written only by `foldOutcome.ts`, except
 * the successes, which the dispatches count for their concurrency anyway and which are summed
 * when read).
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
  private hist: LatencyHistogram | null = null
  /** The first timing, kept without a histogram (about 1 KB) until a second one comes. */
  private first: number | null = null

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

  /** One call's duration, ms. */
  time(ms: number): void {
    const n = ++this.timed
    this.totalTime += ms
    if (ms > this.maxTime) this.maxTime = ms
    if (n === 1) {
      this.first = ms
      return
    }
    // Percentiles from a uniform sample: every call at first, then one in 8 (HdrHistogram's
    // record costs more than a sync handler call).
    if (n <= HIST_WARMUP || (n & 7) === 0) {
      let h = this.hist
      if (h === null) {
        h = this.hist = new LatencyHistogram()
        if (this.first !== null) h.record(this.first)
        this.first = null
      }
      h.record(ms)
    }
  }

  private percentile(p: number): number {
    const h = this.hist
    if (h === null) return this.first ?? 0
    // HdrHistogram reports a bucket's upper edge: never above the true maximum.
    return Math.min(h.percentile(p), this.maxTime)
  }

  view(): HandlerMetrics {
    return {
      successCount: this.successCount,
      errorCount: this.errorCount,
      timeoutCount: this.timeoutCount,
      retryCount: this.retryCount,
      averageExecutionTime: this.timed === 0 ? 0 : this.totalTime / this.timed,
      maxExecutionTime: this.maxTime,
      p50: this.percentile(50),
      p95: this.percentile(95),
      p99: this.percentile(99),
    }
  }
}
