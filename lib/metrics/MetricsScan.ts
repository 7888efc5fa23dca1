import { scan, Subject, type Subscription } from 'rxjs'
import type { ClockReading } from './ClockSampler'
import { foldCallTime, foldHandled, foldOutcome, foldProcessingTime, type MetricsOutcome } from './foldOutcome'
import type { HandlerStats } from './HandlerStats'
import { EMPTY_SERIES, MetricsAccumulator, type SnapshotSeries } from './MetricsAccumulator'
import type { MetricsSnapshot } from './MetricsSnapshot'
import type { TypeStats } from './TypeStats'

/**
 * @internal The bus's metrics: `outcome$`, scanned by {@link foldOutcome} into one accumulator,
 * plus the per-event "handled" step that `settle` folds directly. With metrics off, nothing is
 * folded and the accumulator stays at zero.
 */
export class MetricsScan {
  private readonly acc: MetricsAccumulator
  private readonly outcome$ = new Subject<MetricsOutcome>()
  private readonly folding: Subscription
  /** `getMetrics()`'s own series of snapshots (for its rate window). */
  private series: SnapshotSeries = EMPTY_SERIES

  /**
   * @param on Metrics are kept (`EventBusOptions.metrics`).
   * @param clock The bus clock's latest reading (the bus's clock sampler; the percentile
   *   window's slices are on it); default a clock that stays at 0.
   * @param intervalMs `metricsIntervalMs` (the percentile window is 60 of them); default 1,000.
   */
  constructor(
    readonly on: boolean,
    clock: ClockReading = { lastReading: 0 },
    intervalMs = 1_000,
  ) {
    this.acc = new MetricsAccumulator(clock, intervalMs)
    this.folding = this.outcome$.pipe(scan(foldOutcome, this.acc)).subscribe()
  }

  /** Counts a rare outcome (filtered, dropped, failed, retried, ...). */
  record(o: MetricsOutcome): void {
    if (this.on) this.outcome$.next(o)
  }

  /** An event is done (see {@link foldHandled}). */
  handled(stats: TypeStats, failed: boolean, at: number): void {
    if (this.on) foldHandled(stats, failed, at)
  }

  /** A timed event's processing time. */
  processed(stats: TypeStats, ms: number): void {
    if (this.on) foldProcessingTime(this.acc, stats, ms)
  }

  /** A timed handler call's duration. */
  callTime(handler: HandlerStats, ms: number): void {
    foldCallTime(this.acc, handler, ms)
  }

  /** The statistics of a type, created on first use. */
  typeStats(eventType: string): TypeStats {
    return this.acc.typeStats(eventType)
  }

  /** The statistics of a handler name (null when metrics are off). */
  handlerStats(name: string): HandlerStats | null {
    return this.on ? this.acc.handlerStats(name) : null
  }

  /** A subscription of `name` retired: releases the name's statistics if it was the last one. */
  release(name: string): void {
    this.acc.releaseHandler(name)
  }

  /** Dead letters so far, and the events finished and failed (for `health()`). */
  health(): { readonly deadLetters: number; readonly events: number; readonly errored: number } {
    return { deadLetters: this.acc.deadLetters, ...this.acc.totals() }
  }

  /** One step of a series of snapshots (see {@link MetricsAccumulator.snapshot}). */
  step(series: SnapshotSeries, queueSize: number, inFlight: number, now: number, startedAt: number): SnapshotSeries {
    return this.acc.snapshot(queueSize, inFlight, now, startedAt, series)
  }

  /** `getMetrics()`: the next snapshot of its own series. */
  snapshot(queueSize: number, inFlight: number, now: number, startedAt: number): MetricsSnapshot {
    this.series = this.step(this.series, queueSize, inFlight, now, startedAt)
    return this.series.last as MetricsSnapshot
  }

  /** Stops folding (the bus is gone). */
  dispose(): void {
    this.folding.unsubscribe()
  }
}
