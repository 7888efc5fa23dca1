import { bucketValue, LatencyHistogram } from './histogram'

/** Slices of a rolling window: the current one and the five before it. */
export const WINDOW_SLICES = 6
/** A slice lasts this many metrics intervals (`metricsIntervalMs`): the window is 60 intervals, a minute by default. */
export const SLICE_INTERVALS = 10

/** @internal p50, p95 and p99 of a window, ms (0 when nothing was recorded in it). */
export interface WindowPercentiles {
  readonly p50: number
  readonly p95: number
  readonly p99: number
}

/** @internal The percentiles of an empty window. */
export const NO_PERCENTILES: WindowPercentiles = Object.freeze({ p50: 0, p95: 0, p99: 0 })

/**
 * @internal Percentiles over a rolling window of time: {@link WINDOW_SLICES} histograms, one a
 * slice of time (slice `n` covers `[n * sliceMs, (n + 1) * sliceMs)` on the bus clock; the
 * caller passes slice numbers). A value goes into the histogram of its slice, which is cleared
 * first if it still holds an older slice; a reading covers the current slice and the five before
 * it, so between 50 and 60 metrics intervals. Slices are allocated on first use and reused.
 */
export class RollingHistogram {
  private readonly slices: (LatencyHistogram | null)[] = new Array<LatencyHistogram | null>(WINDOW_SLICES).fill(null)
  /** The slice number each histogram holds. */
  private readonly held = new Array<number>(WINDOW_SLICES).fill(Number.NEGATIVE_INFINITY)

  /** Records one duration (ms) in slice `slice`. */
  record(ms: number, slice: number): void {
    const at = ((slice % WINDOW_SLICES) + WINDOW_SLICES) % WINDOW_SLICES
    let h = this.slices[at]
    if (h === null) h = this.slices[at] = new LatencyHistogram()
    else if (this.held[at] !== slice) h.clear()
    this.held[at] = slice
    h.record(ms)
  }

  /** p50, p95 and p99 (ms) of the values recorded in slice `slice` and the five before it. */
  percentiles(slice: number): WindowPercentiles {
    const live: LatencyHistogram[] = []
    let total = 0
    let min = Number.POSITIVE_INFINITY
    let max = 0
    let lo = Number.POSITIVE_INFINITY
    let hi = 0
    for (let i = 0; i < WINDOW_SLICES; i++) {
      const h = this.slices[i]
      const held = this.held[i]
      if (h === null || h.count === 0 || held > slice || held <= slice - WINDOW_SLICES) continue
      live.push(h)
      total += h.count
      if (h.min < min) min = h.min
      if (h.max > max) max = h.max
      lo = Math.min(lo, h.lo)
      hi = Math.max(hi, h.lo + (h.counts?.length ?? 0))
    }
    if (total === 0) return NO_PERCENTILES
    const ranks = [Math.ceil(total * 0.5), Math.ceil(total * 0.95), Math.ceil(total * 0.99)]
    const out = [max, max, max] // a rank of the last value is the largest value, exactly
    let next = 0
    let seen = 0
    for (let index = lo; index < hi && next < ranks.length; index++) {
      for (const h of live) {
        const counts = h.counts
        if (counts !== null && index >= h.lo && index < h.lo + counts.length) seen += counts[index - h.lo] ?? 0
      }
      while (next < ranks.length && seen >= (ranks[next] ?? 0)) {
        if ((ranks[next] ?? 0) < total) out[next] = Math.min(max, Math.max(min, bucketValue(index) / 1000))
        next++
      }
    }
    return { p50: out[0] ?? 0, p95: out[1] ?? 0, p99: out[2] ?? 0 }
  }
}
