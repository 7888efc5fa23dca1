import { HandlerStats } from '../../lib/metrics/HandlerStats'
import { WINDOW_SLICES } from '../../lib/metrics/RollingHistogram'

describe('HandlerStats', () => {
  it('keeps a single timed call without a window: it is every percentile while it is in the window, then none', () => {
    const stats = new HandlerStats()
    expect(stats.view(0)).toMatchObject({ p50: 0, p99: 0, timedCount: 0 })
    stats.time(12, 3)
    expect(stats.view(3)).toMatchObject({ p50: 12, p95: 12, p99: 12, timedCount: 1, maxExecutionTime: 12 })
    expect(stats.view(3 + WINDOW_SLICES - 1)).toMatchObject({ p50: 12, p99: 12 })
    expect(stats.view(3 + WINDOW_SLICES)).toMatchObject({ p50: 0, p95: 0, p99: 0, maxExecutionTime: 12 })
    expect(stats.view(2)).toMatchObject({ p50: 0 }) // a reading before its slice does not see it
  })

  it('moves the first call into the window with the second: both count', () => {
    const stats = new HandlerStats()
    stats.time(10, 0)
    stats.time(30, 1)
    const { p50, p99 } = stats.view(1)
    expect(p50).toBeLessThanOrEqual(10 * (1 + 1 / 64))
    expect(p50).toBeGreaterThanOrEqual(10 * (1 - 1 / 64))
    expect(p99).toBe(30)
    expect(stats.view(WINDOW_SLICES)).toMatchObject({ p50: 30, p99: 30 }) // the first slice has left the window
  })
})
