/** Small statistics helpers over plain numbers (no library needed). */

/** The q-quantile (0..1) of ascending-sorted values, interpolated linearly. */
export const quantileSorted = (sorted: ArrayLike<number>, q: number): number => {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const pos = (n - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  const a = sorted[lo] ?? Number.NaN
  const b = sorted[hi] ?? Number.NaN
  return a + (b - a) * (pos - lo)
}

/** Median of unsorted values (`NaN` when empty). */
export const median = (values: readonly number[]): number =>
  quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  )

/** Spread of values across processes. */
export interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly q1: number
  readonly q3: number
  readonly n: number
}

export const spreadOf = (values: readonly number[]): Spread => {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  return {
    median: quantileSorted(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
    n: sorted.length,
  }
}
