import type { Observable, SchedulerLike, Subscription } from 'rxjs'
import { drawMarbles, type Mark } from './drawMarbles'

/**
 * One recorded emission, at its virtual frame.
 *
 * @category testing
 * @since 0.1.0
 */
export interface RecordedFrame<T> {
  /** The scheduler's `now()` when it was emitted. */
  readonly frame: number
  /** What was emitted. */
  readonly value: T
}

/**
 * Records what a stream emitted, with the scheduler's frame of each emission, and draws it as
 * a marble diagram for `toBe`-style comparisons or for reading.
 *
 * @category testing
 * @since 0.1.0
 */
export class MarbleRecorder<T> {
  /** What was emitted, in order. */
  readonly frames: RecordedFrame<T>[] = []
  private completedAt: number | null = null
  private readonly subscription: Subscription

  /**
   * @param source$ The stream to record, for example `bus.events$` or `bus.deadLetters$`.
   * @param scheduler The scheduler whose `now()` gives the frames.
   */
  constructor(
    source$: Observable<T>,
    private readonly scheduler: SchedulerLike,
  ) {
    this.subscription = source$.subscribe({
      next: (value) => this.frames.push({ frame: scheduler.now(), value }),
      complete: () => (this.completedAt = scheduler.now()),
    })
  }

  /**
   * The recording as a marble diagram in run-mode syntax, each value drawn by `key`: same-frame
   * values are grouped (`(ab)`), gaps use time progression (`5ms`), completion is `|`.
   *
   * @param key One character per value, for example `(e) => e.eventType === 'a.b' ? 'a' : 'b'`.
   */
  toMarbles(key: (value: T) => string): string {
    const marks: Mark[] = this.frames.map(({ frame, value }) => ({ frame, symbol: key(value) }))
    if (this.completedAt !== null) marks.push({ frame: this.completedAt, symbol: '|' })
    return drawMarbles(marks)
  }

  /** Stops recording. */
  unsubscribe(): void {
    this.subscription.unsubscribe()
  }

  /** The scheduler's current frame. */
  get now(): number {
    return this.scheduler.now()
  }
}
