// model

/** Sub-buckets per power of two (2^5): a bucket is at most 1/32 of its lower edge wide. */
const SUB_BITS = 5
const SUB_MASK = (1 << SUB_BITS) - 1
/** Below this many µs, every integer µs has its own bucket (the index is the value). */
const EXACT_BELOW = 2 << SUB_BITS
/** The longest duration told apart: one hour, in µs (longer ones count as one hour). */
const HIGHEST_US = 3_600_000_000
/** The bucket of {@link HIGHEST_US}: a histogram never has more buckets than this plus one. */
const HIGHEST_INDEX = bucketOf(HIGHEST_US)
/** Buckets a histogram starts with, and the least it grows by. */
const MIN_GROWTH = 8

/**
 * @internal The relative error of a duration read back from a {@link LatencyHistogram}: at most
 * 1/64 (1.6 %) of the recorded duration, after rounding it to the microsecond.
 */
export const HISTOGRAM_RELATIVE_ERROR = 1 / 64

// bucket arithmetic

/**
 * @internal The bucket of a duration of `us` integer microseconds (0 <= us < 2^32), log-linear
 * as in HdrHistogram: exact below 64 µs, then 32 equal buckets per power of two.
 */
export function bucketOf(us: number): number {
  if (us < EXACT_BELOW) return us
  const shift = 31 - Math.clz32(us) - SUB_BITS
  return ((shift + 1) << SUB_BITS) + ((us >>> shift) & SUB_MASK)
}

/** @internal The middle of bucket `index`, µs (the value a percentile in it reports). */
export function bucketValue(index: number): number {
  if (index < EXACT_BELOW) return index
  const shift = (index >>> SUB_BITS) - 1
  const width = 2 ** shift
  return ((index & SUB_MASK) + (1 << SUB_BITS)) * width + (width - 1) / 2
}

// constructors

/**
 * @internal A latency histogram of our own (no dependency), fed in milliseconds and kept at
 * microsecond resolution: log-linear buckets (see {@link bucketOf}), so a value read back is
 * within {@link HISTOGRAM_RELATIVE_ERROR} of what was recorded. The counts are a dense array
 * over the buckets seen so far, grown on demand, of 16-bit counts until one passes 65,535: a
 * handler whose calls take 0.1 to 50 ms uses about 290 buckets (0.6 KB), a steady one a few
 * dozen; never more than 886 (up to an hour).
 */
export class LatencyHistogram {
  /** Values recorded. */
  count = 0
  /** Smallest and largest value recorded, ms (a percentile is clamped into them). */
  min = Number.POSITIVE_INFINITY
  max = 0
  /** The bucket of `counts[0]`. */
  lo = 0
  /** 16-bit counts until one would pass 65,535, then 32-bit. */
  counts: Uint16Array | Uint32Array | null = null

  /** Records one duration, ms. */
  record(ms: number): void {
    const rounded = Math.round(ms * 1000)
    const index = bucketOf(rounded > 0 ? (rounded < HIGHEST_US ? rounded : HIGHEST_US) : 0)
    let counts = this.counts
    if (counts === null || index < this.lo || index >= this.lo + counts.length) counts = this.grow(index)
    const at = index - this.lo
    const n = counts[at] + 1
    if (n > 0xffff && counts instanceof Uint16Array) counts = this.counts = Uint32Array.from(counts)
    counts[at] = n
    this.count++
    if (ms < this.min) this.min = ms
    if (ms > this.max) this.max = ms
  }

  /** Forgets every value (the buckets stay allocated). */
  clear(): void {
    this.counts?.fill(0)
    this.count = 0
    this.min = Number.POSITIVE_INFINITY
    this.max = 0
  }

  /** Widens the counts to cover `index`, with room to spare on the side it grew. */
  private grow(index: number): Uint16Array | Uint32Array {
    const old = this.counts
    if (old === null) {
      this.lo = Math.max(0, index - MIN_GROWTH / 2)
      return (this.counts = new Uint16Array(Math.min(MIN_GROWTH, HIGHEST_INDEX + 1 - this.lo)))
    }
    const spare = Math.max(MIN_GROWTH, old.length >>> 2)
    const lo = index < this.lo ? Math.max(0, index - spare) : this.lo
    const hi = index < this.lo ? this.lo + old.length : Math.min(HIGHEST_INDEX + 1, index + 1 + spare)
    const counts = old instanceof Uint16Array ? new Uint16Array(hi - lo) : new Uint32Array(hi - lo)
    counts.set(old, this.lo - lo)
    this.lo = lo
    return (this.counts = counts)
  }
}
