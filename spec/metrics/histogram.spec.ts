import fc from 'fast-check'
import { bucketOf, bucketValue, HISTOGRAM_RELATIVE_ERROR, LatencyHistogram } from '../../lib/metrics/histogram'

describe('the latency histogram', () => {
  it('reads every duration back within 1/64 of it (and exactly below 64 µs)', () => {
    for (let us = 0; us < 64; us++) expect(bucketValue(bucketOf(us))).toBe(us)
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 3_600_000_000 }), (us) => {
        expect(Math.abs(bucketValue(bucketOf(us)) - us)).toBeLessThanOrEqual(us * HISTOGRAM_RELATIVE_ERROR)
      }),
    )
  })

  it('orders its buckets as the durations, up to 886 buckets for an hour', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_600_000_000 }), fc.integer({ min: 0, max: 3_600_000_000 }), (a, b) => {
        if (a <= b) expect(bucketOf(a)).toBeLessThanOrEqual(bucketOf(b))
      }),
    )
    expect(bucketOf(3_600_000_000)).toBe(885)
  })

  it('counts values, keeps their extremes, grows to either side and clears', () => {
    const h = new LatencyHistogram()
    expect(h.counts).toBeNull()
    h.record(1) // 1,000 µs
    const first = h.counts?.length ?? 0
    h.record(0.001) // 1 µs: grows down
    h.record(60_000) // a minute: grows up
    h.record(-5) // negative and NaN durations count as 0
    h.record(Number.NaN)
    h.record(10 * 3_600_000) // ten hours count as one
    expect(h.count).toBe(6)
    expect(h.min).toBe(-5)
    expect(h.max).toBe(36_000_000)
    const counts = Array.from(h.counts ?? [])
    expect(counts.length).toBeGreaterThan(first)
    expect(counts.length).toBeLessThanOrEqual(886)
    expect(counts.reduce((n, c) => n + c, 0)).toBe(6)
    expect(counts[bucketOf(3_600_000_000) - h.lo]).toBe(1)
    expect(counts[0 - h.lo]).toBe(2)
    h.clear()
    expect(h.count).toBe(0)
    expect(h.counts?.every((c) => c === 0)).toBe(true)
    expect(h.min).toBe(Number.POSITIVE_INFINITY)
    expect(h.max).toBe(0)
  })

  it('widens its counts to 32 bits when one passes 65,535', () => {
    const h = new LatencyHistogram()
    for (let i = 0; i < 70_000; i++) h.record(1)
    h.record(100) // grows with 32-bit counts
    expect(h.counts).toBeInstanceOf(Uint32Array)
    expect(h.counts?.[bucketOf(1000) - h.lo]).toBe(70_000)
    expect(h.count).toBe(70_001)
  })

  it('stays small for a steady handler', () => {
    const h = new LatencyHistogram()
    for (let i = 0; i < 10_000; i++) h.record(2 + (i % 100) / 1000) // 2.000 to 2.099 ms
    expect(h.counts?.length).toBeLessThanOrEqual(16)
  })
})
