import { interval, map, merge, type Observable, of, type SchedulerLike, scan, share, takeUntil } from 'rxjs'
import { EMPTY_SERIES, type SnapshotSeries } from './MetricsAccumulator'
import type { MetricsSnapshot } from './MetricsSnapshot'

/**
 * @internal `metrics$`: one snapshot at once, then one every `intervalMs` on the bus scheduler,
 * until `stopped$`; each a step of a scan over the accumulator (the previous snapshots give the
 * rate window). Shared: every subscriber of a run sees the same snapshots from one timer.
 *
 * ```text
 * ticks:    0----1----2----|     (intervalMs apart; | = stop)
 * result:   a----b----c----|
 * ```
 */
export function metricsStream(
  step: (series: SnapshotSeries) => SnapshotSeries,
  intervalMs: number,
  scheduler: SchedulerLike,
  stopped$: Observable<unknown>,
): Observable<MetricsSnapshot> {
  return merge(of(0), interval(intervalMs, scheduler)).pipe(
    takeUntil(stopped$),
    scan((series: SnapshotSeries) => step(series), EMPTY_SERIES),
    map((series) => series.last as MetricsSnapshot),
    share(),
  )
}
