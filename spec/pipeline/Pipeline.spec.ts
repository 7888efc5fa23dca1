import { delay, EMPTY, filter, ignoreElements, map, type Observable, Subject, tap, throwError } from 'rxjs'
import { EventValidationError } from '../../lib/errors/EventValidationError'
import type { Event } from '../../lib/events/Event'
import { BaseMiddleware } from '../../lib/middleware/BaseMiddleware'
import type { Middleware } from '../../lib/middleware/Middleware'
import { LiftedStage } from '../../lib/pipeline/liftOperator'
import { Pipeline } from '../../lib/pipeline/Pipeline'
import { ProcessStage } from '../../lib/pipeline/processWith'
import type { Stage } from '../../lib/pipeline/Stage'
import { Tracked } from '../../lib/pipeline/Tracked'
import { deferred, ev, settle } from '../helpers/fixtures'
import { marbles } from '../helpers/marbles'

const nOf = (e: Event): string => String(e.payload.n)
const rec = (n: string): Tracked => new Tracked(ev('doc.a.done', { n }), null)
const suffix = (e: Event, s: string): Event => e.with({ payload: { n: nOf(e) + s } })
const upper: Middleware = map((e) => e.with({ payload: { n: nOf(e).toUpperCase() } }))

/** Appends `tag` to each event's `n`, or defers to `process`. */
class Tag extends BaseMiddleware {
  constructor(
    tag: string,
    priority: number,
    private readonly impl: (e: Event) => ReturnType<BaseMiddleware['process']> = (e) => suffix(e, tag),
  ) {
    super({ priority })
  }
  process(e: Event): ReturnType<BaseMiddleware['process']> {
    return this.impl(e)
  }
}

/** A pipeline whose end collects what reaches it, with a host that resumes late records after their stage. */
function setup() {
  const out: Tracked[] = []
  const out$ = new Subject<string>()
  const host = {
    filtered: jest.fn(),
    middlewareFailed: jest.fn(),
    asynchronous: jest.fn(),
    lateEvent: jest.fn((event: Event, stage: Stage) => {
      pipeline.resumeAfter(new Tracked(event, null), stage)
    }),
    resume: jest.fn((r: Tracked, stage: Stage) => {
      pipeline.resumeAfter(r, stage)
    }),
    asyncStarted: jest.fn(),
    asyncEnded: jest.fn(),
  }
  const pipeline: Pipeline = new Pipeline(
    host,
    () => (source) =>
      source.pipe(
        tap((r) => {
          out.push(r)
          out$.next(nOf(r.event))
        }),
        ignoreElements(),
      ),
  )
  let seq = 0
  const lift = (m: Middleware): LiftedStage => new LiftedStage(m, ++seq, host)
  const proc = (m: BaseMiddleware): ProcessStage => new ProcessStage(m, ++seq, host)
  const feed = (source: Observable<Tracked>): void => {
    source.subscribe((r) => {
      pipeline.next(r)
    })
  }
  return { pipeline, host, out, out$, lift, proc, feed }
}

describe('Pipeline', () => {
  it('runs the stages in order of priority, then insertion', () => {
    const { pipeline, out, lift, proc } = setup()
    const late = proc(new Tag('3', 10))
    const lifted = lift(map((e) => suffix(e, '2')))
    const early = proc(new Tag('1', -5))
    const tie = proc(new Tag('2b', 0))
    for (const s of [late, lifted, early, tie]) pipeline.add(s)
    expect(pipeline.middleware).toEqual([early, lifted, tie, late])
    pipeline.next(rec('a'))
    expect(out.map((r) => nOf(r.event))).toEqual(['a122b3'])
  })

  it('passes what a plain operator maps, and reports what it filters', () => {
    const { pipeline, host, out$, lift, feed } = setup()
    pipeline.add(
      lift((s) =>
        s.pipe(
          filter((e) => nOf(e) !== 'b'),
          upper,
        ),
      ),
    )
    const r = { a: rec('a'), b: rec('b'), c: rec('c') }
    marbles(({ hot, expectObservable }) => {
      const source = hot('  --a--b--c--', r)
      const expected = '    --A-----C--'
      feed(source)
      expectObservable(out$).toBe(expected, { A: 'A', C: 'C' })
    })
    expect(host.filtered.mock.calls).toEqual([[r.b]])
    expect(host.middlewareFailed).not.toHaveBeenCalled()
  })

  it('turns what an operator emits late into a new record after its stage', () => {
    const { pipeline, host, out, out$, lift, proc, feed } = setup()
    const slow = lift(delay(2))
    pipeline.add(slow)
    pipeline.add(proc(new Tag('!', 5)))
    const r = { a: rec('a') }
    marbles(({ hot, expectObservable }) => {
      const source = hot('  -a-----', r)
      const expected = '    ---x---'
      feed(source)
      expectObservable(out$).toBe(expected, { x: 'a!' })
    })
    expect(host.filtered.mock.calls).toEqual([[r.a]]) // nothing emitted during the call
    expect(host.lateEvent).toHaveBeenCalledWith(r.a.event, slow)
    expect(out).toHaveLength(1)
    expect(out[0]).not.toBe(r.a)
  })

  it('dead-letters the record an operator errors on, then subscribes the operator afresh', () => {
    const { pipeline, host, out$, lift, feed } = setup()
    const boom = new Error('boom')
    let subscriptions = 0
    pipeline.add(
      lift((s) => {
        subscriptions++
        return s.pipe(
          map((e) => {
            if (nOf(e) === 'b') throw boom
            return e
          }),
        )
      }),
    )
    const r = { a: rec('a'), b: rec('b'), c: rec('c') }
    marbles(({ hot, expectObservable }) => {
      const source = hot('  --a--b--c--', r)
      const expected = '    --a-----c--'
      feed(source)
      expectObservable(out$).toBe(expected, { a: 'a', c: 'c' })
    })
    expect(host.middlewareFailed.mock.calls).toEqual([[r.b, boom]])
    expect(host.filtered).not.toHaveBeenCalled()
    expect(subscriptions).toBe(2)
  })

  it('fails every event, without looping, for an operator that errors or completes as soon as it is subscribed', () => {
    const { pipeline, host, out, lift } = setup()
    const boom = new Error('boom')
    let subscriptions = 0
    pipeline.add(
      lift(() => {
        subscriptions++
        return throwError(() => boom)
      }),
    )
    const [a, b] = [rec('a'), rec('b')]
    pipeline.next(a)
    pipeline.next(b)
    expect(host.middlewareFailed.mock.calls).toEqual([
      [a, boom],
      [b, boom],
    ])
    expect(subscriptions).toBe(1)
    const other = setup()
    other.pipeline.add(other.lift(() => EMPTY))
    other.pipeline.next(a)
    expect(other.host.middlewareFailed.mock.calls[0][1]).toEqual(new Error('the middleware operator ended as soon as it was subscribed'))
    expect([out, other.out]).toEqual([[], []])
  })

  it('resumes after the place of a stage removed while its async process is pending', async () => {
    const { pipeline, host, out, proc } = setup()
    const gate = deferred<Event | null>()
    const slow = proc(new Tag('1', 1, () => gate.promise))
    pipeline.add(slow)
    pipeline.add(proc(new Tag('2', 2)))
    const a = rec('a')
    pipeline.next(a)
    expect(host.asyncStarted).toHaveBeenCalledWith(a)
    pipeline.remove(slow)
    expect(pipeline.middleware).toHaveLength(1)
    gate.resolve(suffix(a.event, '1'))
    await settle()
    expect(host.asyncEnded).toHaveBeenCalledWith(a)
    expect(host.resume).toHaveBeenCalledWith(a, slow)
    expect(out.map((r) => nOf(r.event))).toEqual(['a12'])
    expect(out[0]).toBe(a)
  })

  it('dead-letters a process that throws, rejects, returns a non-event, or whose then throws', async () => {
    const { pipeline, host, out, proc } = setup()
    const boom = new Error('boom')
    const impls: Record<string, (e: Event) => ReturnType<BaseMiddleware['process']>> = {
      a: () => {
        throw boom
      },
      b: () => Promise.reject(boom),
      c: () => 42 as unknown as Event,
      d: () => {
        const hostile: unknown = {
          then: () => {
            throw boom
          },
        }
        return hostile as PromiseLike<Event>
      },
      e: () => null,
    }
    pipeline.add(proc(new Tag('', 0, (e) => impls[nOf(e)](e))))
    const rs = ['a', 'b', 'c', 'd', 'e'].map(rec)
    for (const r of rs) pipeline.next(r)
    await settle()
    const failed = host.middlewareFailed.mock.calls.map(([r, e]: [Tracked, unknown]) => [nOf(r.event), e instanceof TypeError ? 'TypeError' : e])
    expect(failed).toEqual([
      ['a', boom],
      ['c', 'TypeError'],
      ['d', boom],
      ['b', boom],
    ])
    expect(host.filtered.mock.calls).toEqual([[rs[4]]])
    expect(host.asyncStarted.mock.calls.length).toBe(host.asyncEnded.mock.calls.length)
    expect(out).toEqual([])
  })

  it('rejects a middleware that throws or returns something other than an Observable', () => {
    const { lift } = setup()
    expect(() =>
      lift(() => {
        throw new Error('no')
      }),
    ).toThrow(EventValidationError)
    expect(() => lift((() => 42) as unknown as Middleware)).toThrow(EventValidationError)
  })
})

describe.each([
  ['LiftedStage', (s: ReturnType<typeof setup>) => s.lift(upper)],
  ['ProcessStage', (s: ReturnType<typeof setup>) => s.proc(new Tag('', 0, (e) => e.with({ payload: { n: nOf(e).toUpperCase() } })))],
])('%s as an operator', (_name, make) => {
  const label = map((r: Tracked) => nOf(r.event))

  it('maps each record in place', () => {
    const stage = make(setup())
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--|', { a: rec('a'), b: rec('b') })
      const sourceSubs = '  ^-------!'
      const expected = '    --A--B--|'
      expectObservable(source.pipe(stage.operator(), label)).toBe(expected, { A: 'A', B: 'B' })
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('propagates a source error', () => {
    const stage = make(setup())
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--#', { a: rec('a') })
      const sourceSubs = '  ^----!'
      const expected = '    --A--#'
      expectObservable(source.pipe(stage.operator(), label)).toBe(expected, { A: 'A' })
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('unsubscribes from the source when the consumer does', () => {
    const stage = make(setup())
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--|', { a: rec('a'), b: rec('b') })
      const sourceSubs = '  ^---!'
      const unsub = '       ^---!'
      const expected = '    --A--'
      expectObservable(source.pipe(stage.operator(), label), unsub).toBe(expected, { A: 'A' })
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('completes on an empty source and stays silent on a never source', () => {
    const stage = make(setup())
    marbles(({ cold, expectObservable }) => {
      expectObservable(cold<Tracked>('|').pipe(stage.operator())).toBe('|')
      expectObservable(cold<Tracked>('-').pipe(stage.operator())).toBe('-')
    })
  })
})
