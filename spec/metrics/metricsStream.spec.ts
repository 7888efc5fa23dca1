import { asyncScheduler, of } from 'rxjs'
import { EMPTY_SERIES, type SnapshotSeries } from '../../lib/metrics/MetricsAccumulator'
import type { MetricsSnapshot } from '../../lib/metrics/MetricsSnapshot'
import { metricsStream } from '../../lib/metrics/metricsStream'
import { marbles } from '../helpers/marbles'

/** A stand-in snapshot: which step of its series it is, and when it was taken. */
const snap = (n: number, at: number): MetricsSnapshot => ({ n, at }) as unknown as MetricsSnapshot
const nOf = (s: MetricsSnapshot | null): number => (s === null ? 0 : (s as unknown as { n: number }).n)

/** A step that numbers the snapshots of its series (the previous one becomes the window start). */
function counter(failAt = Infinity): jest.Mock<SnapshotSeries, [SnapshotSeries]> {
  return jest.fn((series: SnapshotSeries) => {
    const n = nOf(series.last) + 1
    if (n === failAt) throw new Error('step failed')
    return { last: snap(n, asyncScheduler.now()), windowStart: series.last }
  })
}

const values = { a: snap(1, 0), b: snap(2, 3), c: snap(3, 6), d: snap(4, 9) }

describe('metricsStream', () => {
  it('emits a snapshot at once, then one per interval, until stopped', () => {
    const step = counter()
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const stopped = hot(' ----------s')
      const stoppedSubs = ' ^---------!'
      const expected = '    a--b--c--d|'
      expectObservable(metricsStream(step, 3, asyncScheduler, stopped)).toBe(expected, values)
      expectSubscriptions(stopped.subscriptions).toBe(stoppedSubs)
    })
    expect(step.mock.calls[0][0]).toBe(EMPTY_SERIES)
    expect(step.mock.calls[1][0].last).toEqual(values.a) // each step sees the previous series
  })

  it('is shared: a late subscriber sees the same snapshots from the same timer', () => {
    const step = counter()
    marbles(({ hot, expectObservable }) => {
      const stopped = hot('  ----------s')
      const m$ = metricsStream(step, 3, asyncScheduler, stopped)
      const first = '        a--b--c--d|'
      const lateSub = '      ----^------'
      const late = '         ------c--d|'
      expectObservable(m$).toBe(first, values)
      expectObservable(m$, lateSub).toBe(late, values)
    })
    expect(step).toHaveBeenCalledTimes(4)
  })

  it('stops the timer when the last subscriber leaves, and starts a fresh series on resubscription', () => {
    const step = counter()
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const stopped = hot('  ---------------')
      const m$ = metricsStream(step, 3, asyncScheduler, stopped)
      const unsub = '        ^---!'
      const again = '        ------^--!'
      expectObservable(m$, unsub).toBe('a--b-', values)
      expectObservable(m$, again).toBe('------x--', { x: snap(1, 6) })
      expectSubscriptions(stopped.subscriptions).toBe([unsub, again])
    })
    expect(step).toHaveBeenCalledTimes(3)
    expect(step.mock.calls[2][0]).toBe(EMPTY_SERIES)
  })

  it('errors when the step throws', () => {
    const step = counter(3)
    marbles(({ hot, expectObservable }) => {
      const stopped = hot('  -------------')
      const expected = '     a--b--#'
      expectObservable(metricsStream(step, 3, asyncScheduler, stopped)).toBe(expected, values, new Error('step failed'))
    })
  })

  it('propagates an error of stopped$', () => {
    const step = counter()
    marbles(({ hot, expectObservable }) => {
      const stopped = hot('  -----#')
      const expected = '     a--b-#'
      expectObservable(metricsStream(step, 3, asyncScheduler, stopped)).toBe(expected, values)
    })
  })

  it('completes at once when stopped$ has already emitted; an empty or never stopped$ does not stop it', () => {
    const step = counter()
    marbles(({ cold, expectObservable }) => {
      expectObservable(metricsStream(step, 3, asyncScheduler, of('s'))).toBe('|')
      expectObservable(metricsStream(step, 3, asyncScheduler, cold('|')), '^------!').toBe('a--b--c', values)
      expectObservable(metricsStream(step, 3, asyncScheduler, cold('-')), '^------!').toBe('a--b--c', values)
    })
  })
})
