import { build, type Histogram } from 'hdr-histogram-js'

/** The longest duration a histogram tells apart: one hour, in microseconds (longer ones count as one hour). */
const HIGHEST_US = 3_600_000_000

/**
 * @internal A latency histogram (HdrHistogram, 2 significant digits, 1 µs to 1 h), fed in
 * milliseconds. Its size is fixed when it is built (no auto-resize), so a long-running bus's
 * heap does not creep as slower calls arrive.
 */
export class LatencyHistogram {
  private readonly hist: Histogram = build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 2,
    useWebAssembly: false,
  })

  /** Records one duration, ms (kept at microsecond resolution). */
  record(ms: number): void {
    const us = ms <= 0 ? 0 : Math.round(ms * 1000)
    this.hist.recordValue(us > HIGHEST_US ? HIGHEST_US : us)
  }

  /** The value at a percentile (0..100), ms. */
  percentile(p: number): number {
    return this.hist.totalCount === 0 ? 0 : this.hist.getValueAtPercentile(p) / 1000
  }
}
