import type { SchedulerLike, Subscription } from 'rxjs'

/**
 * @internal The bus clock as of its latest reading: what the metrics take as "now" for a value
 * they record, so recording reads no clock (every timed value follows a reading: its event's
 * acceptance).
 */
export interface ClockReading {
  readonly lastReading: number
}

/** Timed events closer than this double the sample mask. */
const SAMPLE_MIN_GAP_MS = 1
/** Timed events further apart than this halve it, per doubling of the gap. */
const SAMPLE_MAX_GAP_MS = 10
/** The mask drops back to 0 (time every event) this long after it last grew. */
const SAMPLE_RESET_MS = 50
const SAMPLE_MAX_MASK = 65_535

/**
 * @internal Adaptive clock sampling: one event in `mask + 1` is timed (processing time, handler
 * durations). The mask doubles while timed events come less than 1 ms apart, shrinks when they
 * come more than 10 ms apart, and drops back to 0 50 ms after it last grew (on the bus
 * scheduler), so a bus that turns quiet is timed again at once. A quiet bus times every event; a
 * busy one reads the clock about a thousand times a second, whatever its rate. A clock read costs
 * about as much as routing an event to a sync handler. Counts are never sampled. Under a virtual
 * scheduler every event is timed.
 */
export class ClockSampler implements ClockReading {
  /** The clock's value at the newest timed event's acceptance (0 before the first): the metrics' slice of time for what they record. */
  lastReading = 0
  private counter = 0
  private mask = 0
  private lastAt = Number.NEGATIVE_INFINITY
  private reset: Subscription | null = null

  constructor(
    private readonly clock: () => number,
    private readonly scheduler: SchedulerLike,
    private readonly virtual: boolean,
  ) {}

  /** The acceptance time of the next event, or null when it is not timed. */
  sample(): number | null {
    return (++this.counter & this.mask) !== 0 ? null : this.adapt() // the mask stays 0 under a virtual scheduler
  }

  /** Stops the pending reset (the bus stopped) and times every event again. */
  stop(): void {
    this.reset?.unsubscribe()
    this.reset = null
    this.mask = 0
  }

  private adapt(): number {
    const now = this.clock()
    this.lastReading = now
    if (this.virtual) return now
    const gap = now - this.lastAt
    if (gap < SAMPLE_MIN_GAP_MS) {
      if (this.mask < SAMPLE_MAX_MASK) this.mask = this.mask * 2 + 1
      this.reset ??= this.scheduler.schedule(() => {
        this.reset = null
        this.mask = 0
      }, SAMPLE_RESET_MS)
    } else {
      for (let g = gap; g > SAMPLE_MAX_GAP_MS && this.mask > 0; g /= 2) this.mask >>= 1
    }
    this.lastAt = now
    return now
  }
}
