import { build, type Histogram } from 'hdr-histogram-js'

/** @internal A latency histogram (HdrHistogram, 2 significant digits), fed in milliseconds. */
export class LatencyHistogram {
  private readonly hist: Histogram = build({
    bitBucketSize: 32,
    autoResize: true,
    numberOfSignificantValueDigits: 2,
    useWebAssembly: false,
  })

  /** Records one duration, ms (kept at microsecond resolution). */
  record(ms: number): void {
    this.hist.recordValue(ms <= 0 ? 0 : Math.round(ms * 1000))
  }

  /** The value at a percentile (0..100), ms. */
  percentile(p: number): number {
    return this.hist.totalCount === 0 ? 0 : this.hist.getValueAtPercentile(p) / 1000
  }
}
