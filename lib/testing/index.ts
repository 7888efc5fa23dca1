/**
 * `@torematrix/event-bus/testing`: marble-testing helpers for handlers, middleware and whole
 * buses under RxJS `TestScheduler.run`.
 *
 * @packageDocumentation
 */
import { map, type MonoTypeOperatorFunction, type Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs'
import { EventBus } from '../bus/EventBus'
import { silentLogger } from '../bus/options'
import type { AnyEventMap, DeadLetter, EventBusOptions, EventMap } from '../bus/types'
import type { Event } from '../events/Event'
import { BaseMiddleware } from '../middleware/BaseMiddleware'
import type { Middleware } from '../middleware/Middleware'

/**
 * A started bus whose every timer (timeouts, retries, metrics, stop deadline) runs on
 * `scheduler`, with a silent logger. Inside `TestScheduler.run`, pass the run's scheduler.
 *
 * @example
 * new TestScheduler(assertDeepEqual).run(({ cold, expectObservable }) => {
 *   const bus = createTestBus(scheduler)
 *   bus.subscribe('a.b', () => timer(5))
 *   bus.connect(cold('-a-', { a: event }))
 *   expectObservable(bus.events$.pipe(eventTypes())).toBe('-x-', { x: 'a.b' })
 * })
 *
 * @param scheduler A `TestScheduler`.
 * @param options Other bus options.
 * @returns A running bus (started synchronously).
 * @category testing
 * @since 0.1.0
 */
export function createTestBus<M extends EventMap = AnyEventMap>(scheduler: SchedulerLike, options: EventBusOptions = {}): EventBus<M> {
  const bus = new EventBus<M>({ logger: silentLogger, ...options, scheduler })
  void bus.start()
  return bus
}

/**
 * Maps events to their type names, for short marble expectations.
 *
 * ```text
 * source:  --a--b--|     a, b: events
 * result:  --x--y--|     x = a.eventType, y = b.eventType
 * ```
 *
 * @category testing
 * @since 0.1.0
 */
export function eventTypes(): OperatorFunction<Event<object>, string> {
  return map((e) => e.eventType)
}

/**
 * Maps dead letters to `'reason:eventType'` strings, for marble expectations.
 *
 * @category testing
 * @since 0.1.0
 */
export function deadLetterReasons(): OperatorFunction<DeadLetter, string> {
  return map((d) => `${d.reason}:${d.event.eventType}`)
}

/**
 * A middleware as an RxJS operator (a `BaseMiddleware` through its `operator()`), so it can be
 * marble-tested on its own.
 *
 * @category testing
 * @since 0.1.0
 */
export function asOperator(middleware: BaseMiddleware | Middleware): MonoTypeOperatorFunction<Event> {
  return middleware instanceof BaseMiddleware ? middleware.operator() : middleware
}

/**
 * One recorded emission, at its virtual frame.
 *
 * @category testing
 * @since 0.1.0
 */
export interface RecordedFrame<T> {
  /** The scheduler's `now()` when it was emitted. */
  readonly frame: number
  /** What was emitted. */
  readonly value: T
}

/**
 * Records what a stream emitted, with the scheduler's frame of each emission, and draws it as
 * a marble diagram for `toBe`-style comparisons or for reading.
 *
 * @category testing
 * @since 0.1.0
 */
export class MarbleRecorder<T> {
  /** What was emitted, in order. */
  readonly frames: RecordedFrame<T>[] = []
  private completedAt: number | null = null
  private readonly subscription: Subscription

  /**
   * @param source$ The stream to record, for example `bus.events$` or `bus.deadLetters$`.
   * @param scheduler The scheduler whose `now()` gives the frames.
   */
  constructor(
    source$: Observable<T>,
    private readonly scheduler: SchedulerLike,
  ) {
    this.subscription = source$.subscribe({
      next: (value) => this.frames.push({ frame: scheduler.now(), value }),
      complete: () => (this.completedAt = scheduler.now()),
    })
  }

  /**
   * The recording as a marble diagram in run-mode syntax, each value drawn by `key`: same-frame
   * values are grouped (`(ab)`), gaps use time progression (`5ms`), completion is `|`.
   *
   * @param key One character per value, for example `(e) => e.eventType === 'a.b' ? 'a' : 'b'`.
   */
  toMarbles(key: (value: T) => string): string {
    const parts: string[] = []
    let cur = 0
    const groups = new Map<number, string[]>()
    for (const { frame, value } of this.frames) {
      const g = groups.get(frame)
      if (g === undefined) groups.set(frame, [key(value)])
      else g.push(key(value))
    }
    const frames = [...groups.keys()]
    if (this.completedAt !== null && !groups.has(this.completedAt)) frames.push(this.completedAt)
    for (const frame of frames.sort((a, b) => a - b)) {
      const gap = frame - cur
      if (gap > 0) parts.push(gap === 1 ? '-' : `${gap}ms`)
      const keys = groups.get(frame) ?? []
      const done = this.completedAt === frame ? '|' : ''
      const symbols = [...keys, done].join('')
      const drawn = symbols.length > 1 ? `(${symbols})` : symbols
      parts.push(drawn)
      cur = frame + drawn.length
    }
    return parts.join(' ')
  }

  /** Stops recording. */
  unsubscribe(): void {
    this.subscription.unsubscribe()
  }

  /** The scheduler's current frame. */
  get now(): number {
    return this.scheduler.now()
  }
}
