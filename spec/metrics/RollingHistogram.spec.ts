import { RollingHistogram, WINDOW_SLICES } from '../../lib/metrics/RollingHistogram'

describe('RollingHistogram', () => {
  it('reports 0 for an empty window', () => {
    expect(new RollingHistogram().percentiles(7)).toEqual({ p50: 0, p95: 0, p99: 0 })
  })

  it('reports p50, p95 and p99 by rank, clamped into the recorded extremes', () => {
    const w = new RollingHistogram()
    for (let ms = 1; ms <= 100; ms++) w.record(ms, 3)
    const p = w.percentiles(3)
    expect(p.p50).toBeCloseTo(50, 0)
    expect(p.p95).toBeCloseTo(95, 0)
    expect(p.p99).toBeCloseTo(99, 0)
    const one = new RollingHistogram()
    one.record(30, 0)
    expect(one.percentiles(0)).toEqual({ p50: 30, p95: 30, p99: 30 }) // exact, not a bucket's middle
  })

  it('covers the current slice and the five before it, across slices of different ranges', () => {
    const w = new RollingHistogram()
    w.record(200, 10) // slow, slice 10
    for (let s = 11; s < 16; s++) for (let i = 0; i < 10; i++) w.record(0.005, s) // fast, slices 11 to 15: 1 slow in 51
    expect(w.percentiles(15).p99).toBe(200) // slice 10 is in the window of slice 15
    expect(w.percentiles(15).p50).toBeCloseTo(0.005, 6)
    expect(w.percentiles(16).p99).toBeCloseTo(0.005, 6) // ... not in that of slice 16
    expect(w.percentiles(10 + WINDOW_SLICES - 1).p99).toBe(200)
    expect(w.percentiles(9)).toEqual({ p50: 0, p95: 0, p99: 0 }) // slices after the reading do not count
  })

  it('clears a slice it reuses', () => {
    const w = new RollingHistogram()
    w.record(100, 1)
    w.record(1, 1 + WINDOW_SLICES) // same histogram, a newer slice
    expect(w.percentiles(1 + WINDOW_SLICES)).toEqual({ p50: 1, p95: 1, p99: 1 })
    w.record(2, 1 + WINDOW_SLICES)
    expect(w.percentiles(1 + WINDOW_SLICES).p99).toBeCloseTo(2, 2) // a bucket's middle (1.9995)
  })
})
