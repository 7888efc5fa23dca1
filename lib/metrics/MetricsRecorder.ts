import { LatencyHistogram } from './histogram'
import type { EventTypeMetrics, HandlerMetrics, MemoryMetrics, MetricsSnapshot } from './MetricsSnapshot'

const HIST_WARMUP = 4096

/** @internal Counts a handler's successful calls where they happen (a subscription's dispatcher). */
export interface SuccessCounter {
  readonly successes: number
}

/** @internal Running statistics of one handler name, mutated in place on the hot path. */
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

  /**
   * Successful calls: summed over the counters when read, so a successful call costs no write
   * here (the dispatcher counts its ended calls anyway, for its concurrency).
   */
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

  /** Folds a counter's successes in and forgets it (call once it counts no more). O(1). */
  detach(c: SuccessCounter): void {
    if (this.counter === c) this.counter = null
    else if (this.more?.delete(c) !== true) return
    this.folded += c.successes
  }

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

/** @internal Running statistics of one event type. */
export class TypeStats {
  count = 0
  errorCount = 0
  timed = 0
  totalTime = 0
  maxTime = 0
  lastOccurrence = 0

  view(): EventTypeMetrics {
    return {
      count: this.count,
      errorCount: this.errorCount,
      averageProcessingTime: this.timed === 0 ? 0 : this.totalTime / this.timed,
      maxProcessingTime: this.maxTime,
      lastOccurrence: this.lastOccurrence,
    }
  }
}

/** @internal Reads process memory where the platform has it (Node), else Chrome's `performance.memory`, else null. */
export function sampleMemory(): MemoryMetrics | null {
  const proc = (globalThis as { process?: { memoryUsage?: () => { heapUsed: number; rss: number } } }).process
  if (proc !== undefined && typeof proc.memoryUsage === 'function') {
    const m = proc.memoryUsage()
    return { heapUsedMb: m.heapUsed / 1048576, rssMb: m.rss / 1048576 }
  }
  const perf = (globalThis as { performance?: { memory?: { usedJSHeapSize?: number } } }).performance
  const used = perf?.memory?.usedJSHeapSize
  return typeof used === 'number' ? { heapUsedMb: used / 1048576, rssMb: null } : null
}

/**
 * @internal The bus's metrics accumulator. Counters are bumped in place per event (no
 * allocation); `snapshot()` folds them into an immutable {@link MetricsSnapshot}.
 */
export class MetricsRecorder {
  readonly types = new Map<string, TypeStats>()
  readonly handlers = new Map<string, HandlerStats>()
  totalErrors = 0
  filteredEvents = 0
  droppedEvents = 0
  unroutedEvents = 0
  deadLetters = 0
  timedEvents = 0
  totalProcessingTime = 0
  private rateAt = Number.NaN
  private rateCount = 0
  private rate = 0

  typeStats(eventType: string): TypeStats {
    let s = this.types.get(eventType)
    if (s === undefined) this.types.set(eventType, (s = new TypeStats()))
    return s
  }

  handlerStats(name: string): HandlerStats {
    let s = this.handlers.get(name)
    if (s === undefined) this.handlers.set(name, (s = new HandlerStats()))
    return s
  }

  /** A timed event's processing time, ms. */
  timed(stats: TypeStats, ms: number): void {
    this.timedEvents++
    this.totalProcessingTime += ms
    stats.timed++
    stats.totalTime += ms
    if (ms > stats.maxTime) stats.maxTime = ms
  }

  /** Events finished so far, and those of them with a failed handler (sums over the types). */
  totals(): { readonly events: number; readonly errored: number } {
    let events = 0
    let errored = 0
    for (const s of this.types.values()) {
      events += s.count
      errored += s.errorCount
    }
    return { events, errored }
  }

  snapshot(queueSize: number, inFlight: number, now: number, startedAt: number): MetricsSnapshot {
    const { events: totalEvents, errored } = this.totals()
    const events: Record<string, EventTypeMetrics> = {}
    for (const [type, s] of this.types) events[type] = Object.freeze(s.view())
    const handlers: Record<string, HandlerMetrics> = {}
    for (const [name, s] of this.handlers) handlers[name] = Object.freeze(s.view())
    const uptimeMs = Number.isNaN(startedAt) ? 0 : now - startedAt
    if (Number.isNaN(this.rateAt)) {
      this.rateAt = startedAt
      this.rateCount = 0
    }
    const dt = now - this.rateAt
    if (dt >= 1000) {
      this.rate = ((totalEvents - this.rateCount) * 1000) / dt
      this.rateAt = now
      this.rateCount = totalEvents
    } else if (this.rate === 0 && uptimeMs > 0) {
      this.rate = (totalEvents * 1000) / uptimeMs
    }
    return Object.freeze({
      events: Object.freeze(events),
      handlers: Object.freeze(handlers),
      total: Object.freeze({
        totalEvents,
        totalErrors: this.totalErrors,
        errorRate: totalEvents === 0 ? 0 : errored / totalEvents,
        averageProcessingTime: this.timedEvents === 0 ? 0 : this.totalProcessingTime / this.timedEvents,
        eventsPerSecond: this.rate,
        filteredEvents: this.filteredEvents,
        droppedEvents: this.droppedEvents,
        unroutedEvents: this.unroutedEvents,
        deadLetters: this.deadLetters,
      }),
      queueSize,
      inFlight,
      memory: sampleMemory(),
      uptimeMs,
      takenAt: now,
    })
  }

  /** Restart the rate window (on `start()`). */
  resetRate(): void {
    this.rateAt = Number.NaN
    this.rate = 0
  }
}
