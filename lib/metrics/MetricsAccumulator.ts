import type { DeadLetterReason } from '../bus/publishTypes'
import type { ClockReading } from './ClockSampler'
import { HandlerStats } from './HandlerStats'
import type { EventTypeMetrics, HandlerMetrics, MetricsSnapshot } from './MetricsSnapshot'
import { SLICE_INTERVALS } from './RollingHistogram'
import { sampleMemory } from './sampleMemory'
import { TypeStats } from './TypeStats'

/**
 * @internal The accumulator of the metrics scan: running counts per bus, per event type and per
 * handler, folded in place (no allocation per event) by `foldOutcome`, the only writer.
 * `snapshot` reads it into an immutable {@link MetricsSnapshot}.
 */
export class MetricsAccumulator {
  readonly types = new Map<string, TypeStats>()
  readonly handlers = new Map<string, HandlerStats>()
  readonly deadLettersByReason = new Map<DeadLetterReason, number>()
  /** Length of a slice of the percentile window, ms. */
  private readonly sliceMs: number
  totalErrors = 0
  filteredEvents = 0
  droppedEvents = 0
  unroutedEvents = 0
  deadLetters = 0
  timedEvents = 0
  totalProcessingTime = 0

  /**
   * @param clock The bus clock as of its latest reading (the clock sampler's): a timed value goes
   *   into the slice of the window of the latest timed event's acceptance, with no clock read.
   * @param intervalMs The metrics interval (`metricsIntervalMs`): a slice of the percentile
   *   window lasts {@link SLICE_INTERVALS} of them.
   */
  constructor(
    private readonly clock: ClockReading,
    intervalMs: number,
  ) {
    this.sliceMs = intervalMs * SLICE_INTERVALS
  }

  /** The slice of the percentile window that `now` (default: the clock's latest reading) falls in. */
  slice(now: number = this.clock.lastReading): number {
    return Math.floor(now / this.sliceMs)
  }

  /** The statistics of a type, created on first use. */
  typeStats(eventType: string): TypeStats {
    let s = this.types.get(eventType)
    if (s === undefined) this.types.set(eventType, (s = new TypeStats()))
    return s
  }

  /** The statistics of a handler name, created on first use. */
  handlerStats(name: string): HandlerStats {
    let s = this.handlers.get(name)
    if (s === undefined) this.handlers.set(name, (s = new HandlerStats()))
    return s
  }

  /**
   * Forgets a handler name's statistics once no subscription counts into them (its last
   * subscription closed and its last call ended), so that subscribe/unsubscribe cycles do not grow
   * the metrics. A later subscription under the same name starts from zero.
   */
  releaseHandler(name: string): void {
    if (this.handlers.get(name)?.idle === true) this.handlers.delete(name)
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

  /**
   * The next step of a series of snapshots (a scan: `metrics$`, or `getMetrics()`'s own): a new
   * frozen snapshot, its `eventsPerSecond` measured over a window of at least a second that
   * starts at an earlier snapshot of the series.
   */
  snapshot(queueSize: number, inFlight: number, now: number, startedAt: number, series: SnapshotSeries): SnapshotSeries {
    const { events: totalEvents, errored } = this.totals()
    const slice = this.slice(now)
    const events: Record<string, EventTypeMetrics> = {}
    for (const [type, s] of this.types) events[type] = Object.freeze(s.view(slice))
    const handlers: Record<string, HandlerMetrics> = {}
    for (const [name, s] of this.handlers) handlers[name] = Object.freeze(s.view(slice))
    const uptimeMs = Number.isNaN(startedAt) ? 0 : now - startedAt
    const { windowStart, last } = series
    const fresh = windowStart === null || windowStart.uptimeMs > uptimeMs // none yet, or a new run
    const windowMs = fresh ? 0 : now - windowStart.takenAt
    const eventsPerSecond =
      !fresh && windowMs >= 1000
        ? ((totalEvents - windowStart.total.totalEvents) * 1000) / windowMs
        : !fresh && last !== null && last.total.eventsPerSecond > 0
          ? last.total.eventsPerSecond
          : uptimeMs > 0
            ? (totalEvents * 1000) / uptimeMs
            : 0
    const snapshot: MetricsSnapshot = Object.freeze({
      events: Object.freeze(events),
      handlers: Object.freeze(handlers),
      total: Object.freeze({
        totalEvents,
        totalErrors: this.totalErrors,
        errorRate: totalEvents === 0 ? 0 : errored / totalEvents,
        averageProcessingTime: this.timedEvents === 0 ? 0 : this.totalProcessingTime / this.timedEvents,
        eventsPerSecond,
        filteredEvents: this.filteredEvents,
        droppedEvents: this.droppedEvents,
        unroutedEvents: this.unroutedEvents,
        deadLetters: this.deadLetters,
        deadLettersByReason: Object.freeze(Object.fromEntries(this.deadLettersByReason)),
      }),
      queueSize,
      inFlight,
      memory: sampleMemory(),
      uptimeMs,
      takenAt: now,
    })
    return { last: snapshot, windowStart: fresh || windowMs >= 1000 ? snapshot : windowStart }
  }
}

/**
 * @internal The state of a scan of snapshots: the last one, and the one that starts the current
 * rate window.
 */
export interface SnapshotSeries {
  readonly last: MetricsSnapshot | null
  readonly windowStart: MetricsSnapshot | null
}

/** @internal A series with no snapshot yet. */
export const EMPTY_SERIES: SnapshotSeries = Object.freeze({ last: null, windowStart: null })
