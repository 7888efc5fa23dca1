import { asyncScheduler, map, mergeMap, type Observable, throwError, timer } from 'rxjs'
import { Ledger } from '../../lib/bus/Ledger'
import type { EventHandler } from '../../lib/bus/types'
import { dispatch } from '../../lib/dispatch/dispatch'
import type { DispatchHost, DispatchOptions } from '../../lib/dispatch/DispatchHost'
import type { DispatchSubscriber } from '../../lib/dispatch/DispatchSubscriber'
import { HandlerTimeoutError } from '../../lib/errors/HandlerTimeoutError'
import type { EventPriority } from '../../lib/events/EventPriority'
import { MetricsScan } from '../../lib/metrics/MetricsScan'
import { Tracked } from '../../lib/pipeline/Tracked'
import { ev } from '../helpers/fixtures'
import { marbles } from '../helpers/marbles'

const rec = (n: string, priority: EventPriority = 'normal', k = n): Tracked => new Tracked(ev('doc.a.done', { n, k }, { priority }), null)
const nOf = (r: Tracked): string => String(r.event.payload.n)
/** What a finished delivery looks like: `a` handled, `A` failed, `~a` cancelled. */
const label = (r: Tracked): string => (r.cancelled ? `~${nOf(r)}` : r.failed ? nOf(r).toUpperCase() : nOf(r))
const labels = (...ls: string[]): Record<string, string> => Object.fromEntries(ls.map((l) => [l, l]))

function setup(handler: EventHandler, options: Partial<DispatchOptions> = {}) {
  const ledger = new Ledger(100, false)
  const host: DispatchHost = {
    scheduler: asyncScheduler, // virtual inside `run`
    ledger,
    metrics: new MetricsScan(true),
    collectAllTimes: true,
    tracer: null,
    now: () => asyncScheduler.now(),
    context: (_rec, name, attempt) => ({
      handler: name,
      attempt,
      deliveryCount: 1,
      signal: new AbortController().signal,
      publish: () => Promise.resolve(undefined),
      emit: () => Promise.resolve(undefined),
      abort: () => undefined,
    }),
    lateEnd: () => undefined,
  }
  const failure = { handlerFailed: jest.fn((..._args: unknown[]) => true) }
  const subscribers: DispatchSubscriber[] = []
  const registry = { added: (d: DispatchSubscriber) => subscribers.push(d), retired: jest.fn() }
  const opts: DispatchOptions = {
    handler,
    name: 'h',
    keys: ['doc.a.done'],
    seq: 1,
    concurrency: 1,
    timeoutMs: 0,
    retry: null,
    stats: null,
    orderBy: null,
    failure,
    ...options,
  }
  const run = (source: Observable<Tracked>): Observable<string> => source.pipe(dispatch(host, opts, registry), map(label))
  return { run, ledger, failure, registry, subscribers }
}

const takes =
  (frames: number): EventHandler =>
  () =>
    timer(frames)

describe('dispatch', () => {
  it('runs one call at a time at concurrency 1, queueing the rest', () => {
    const { run, ledger } = setup(takes(3))
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--c-------', { a: rec('a'), b: rec('b'), c: rec('c') })
      const sourceSubs = '  ^---------------'
      const expected = '    -----a--b--c----'
      expectObservable(run(source)).toBe(expected, labels('a', 'b', 'c'))
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
    expect(ledger.isIdle()).toBe(true)
  })

  it('runs two calls at once at concurrency 2', () => {
    const { run } = setup(takes(3), { concurrency: 2 })
    marbles(({ hot, expectObservable }) => {
      const source = hot('  -abc-------', { a: rec('a'), b: rec('b'), c: rec('c') })
      const expected = '    ----ab-c---'
      expectObservable(run(source)).toBe(expected, labels('a', 'b', 'c'))
    })
  })

  it('completes after the deliveries still running or waiting finish (as mergeMap)', () => {
    const { run } = setup(takes(3))
    marbles(({ hot, expectObservable }) => {
      const source = hot('  --a--b|', { a: rec('a'), b: rec('b') })
      const expected = '    -----a--(b|)'
      expectObservable(run(source)).toBe(expected, labels('a', 'b'))
    })
  })

  it('emits a failed outcome, never an error, for a handler that throws or errors', () => {
    const boom = new Error('boom')
    const { run, failure } = setup((e) => {
      if (e.payload.n === 'a') throw boom
      if (e.payload.n === 'b') return timer(2).pipe(mergeMap(() => throwError(() => boom)))
      return undefined
    })
    marbles(({ hot, expectObservable }) => {
      const source = hot('  -a-b--c--', { a: rec('a'), b: rec('b'), c: rec('c') })
      const expected = '    -A---Bc--'
      expectObservable(run(source)).toBe(expected, labels('A', 'B', 'c'))
    })
    expect(failure.handlerFailed.mock.calls.map((c) => [nOf(c[0] as Tracked), c[1], c[2], c[3], c[4]])).toEqual([
      ['a', 'h', boom, 'handler-error', 1],
      ['b', 'h', boom, 'handler-error', 1],
    ])
  })

  it('times a call out, frees its slot and reports a HandlerTimeoutError', () => {
    const { run, failure } = setup(takes(5), { timeoutMs: 2 })
    marbles(({ hot, expectObservable }) => {
      const source = hot('  -(ab)-------', { a: rec('a'), b: rec('b') })
      const expected = '    ---A-B------'
      expectObservable(run(source)).toBe(expected, labels('A', 'B'))
    })
    expect(failure.handlerFailed).toHaveBeenCalledTimes(2)
    const [, , error, reason] = failure.handlerFailed.mock.calls[0]
    expect(error).toBeInstanceOf(HandlerTimeoutError)
    expect(reason).toBe('timeout')
  })

  it('retries after the delay, keeping the slot, until an attempt succeeds', () => {
    const attempts: [string, number, number][] = []
    const handler: EventHandler = (e, ctx) => {
      attempts.push([String(e.payload.n), ctx.attempt, asyncScheduler.now()])
      return ctx.attempt < 3 || e.payload.n === 'b' ? timer(1).pipe(mergeMap(() => throwError(() => new Error('again')))) : timer(1)
    }
    const { run, failure } = setup(handler, { retry: { count: 2, delayMs: 2 } })
    marbles(({ hot, expectObservable }) => {
      const source = hot('  -ab--------------', { a: rec('a'), b: rec('b') })
      const expected = '    --------a------B-'
      expectObservable(run(source)).toBe(expected, labels('a', 'B'))
    })
    // a: 1, (fails at 2) 4, (fails at 5) 7 -> ok at 8; b waits for the slot
    expect(attempts.filter(([n]) => n === 'a')).toEqual([
      ['a', 1, 1],
      ['a', 2, 4],
      ['a', 3, 7],
    ])
    expect(attempts[3]).toEqual(['b', 1, 8])
    expect(failure.handlerFailed.mock.calls.map((c) => [nOf(c[0] as Tracked), c[3], c[4]])).toEqual([['b', 'retries-exhausted', 3]])
  })

  it('takes waiting deliveries by priority lane, then in order', () => {
    const { run } = setup(takes(2))
    marbles(({ hot, expectObservable }) => {
      const r = { a: rec('a'), b: rec('b', 'deferred'), c: rec('c'), d: rec('d', 'immediate') }
      const source = hot('  -(abcd)-------', r)
      const expected = '    ---a-d-c-b----'
      expectObservable(run(source)).toBe(expected, labels('a', 'b', 'c', 'd'))
    })
  })

  it('with orderBy runs one event of a key at a time, other keys in the free slots', () => {
    const { run } = setup(takes(3), { concurrency: 2, orderBy: (e) => e.payload.k })
    marbles(({ hot, expectObservable }) => {
      const r = { a: rec('a', 'normal', 'k1'), b: rec('b', 'normal', 'k1'), c: rec('c', 'normal', 'k2') }
      const source = hot('  -abc-------', r)
      const expected = '    ----a-cb---'
      expectObservable(run(source)).toBe(expected, labels('a', 'b', 'c'))
    })
  })

  it('cancels the waiting deliveries on unsubscribe; the running call finishes', () => {
    const { run, subscribers, registry, ledger } = setup(takes(7))
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -abc--d-----', { a: rec('a'), b: rec('b'), c: rec('c'), d: rec('d') })
      const sourceSubs = '  ^---!'
      const expected = '    ----(xy)a---'
      expectObservable(run(source)).toBe(expected, { x: '~b', y: '~c', a: 'a' })
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
      asyncScheduler.schedule(() => {
        subscribers[0].unsubscribe()
      }, 4)
    })
    expect(subscribers[0].isClosed).toBe(true)
    expect(ledger.waiting).toBe(0)
    return Promise.resolve().then(() => {
      expect(registry.retired).toHaveBeenCalledWith(subscribers[0])
    })
  })

  it('frees the slot of a hostile thenable whose then throws', () => {
    const { run, failure, ledger } = setup((e) =>
      e.payload.n === 'a'
        ? {
            then: () => {
              throw new Error('x')
            },
          }
        : undefined,
    )
    marbles(({ hot, expectObservable }) => {
      const source = hot('  -ab--', { a: rec('a'), b: rec('b') })
      const expected = '    -Ab--'
      expectObservable(run(source)).toBe(expected, labels('A', 'b'))
    })
    expect(failure.handlerFailed.mock.calls[0][2]).toEqual(new Error('x'))
    expect(ledger.asyncCalls).toBe(0)
  })

  it('propagates a source error', () => {
    const { run } = setup(() => undefined)
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-#', { a: rec('a') })
      const sourceSubs = '  ^--!'
      const expected = '    -a-#'
      expectObservable(run(source)).toBe(expected, labels('a'))
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('completes on an empty source and stays silent on a never source', () => {
    const handler = jest.fn()
    const { run } = setup(handler)
    marbles(({ cold, expectObservable }) => {
      expectObservable(run(cold<Tracked>('|'))).toBe('|')
      expectObservable(run(cold<Tracked>('-'))).toBe('-')
    })
    expect(handler).not.toHaveBeenCalled()
  })
})
