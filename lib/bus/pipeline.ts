import { isObservable, NEVER, Observable, type Subscriber, type Subscription } from 'rxjs'
import { EventValidationError } from '../errors/EventValidationError'
import { renderValue } from '../internal/render'
import { Event } from '../events/Event'
import { type BaseMiddleware } from '../middleware/BaseMiddleware'
import type { Middleware } from '../middleware/Middleware'
import type { Tracked } from './Tracked'

/** @internal What the middleware stages report back to the bus. */
export interface PipelineHost {
  /** The record passed stage `index - 1`; continue at stage `index`. */
  advance(rec: Tracked, index: number): void
  /** A middleware dropped the event on purpose. */
  filtered(rec: Tracked): void
  /** A middleware threw, rejected, or returned something that is not an event. */
  middlewareFailed(rec: Tracked, error: unknown): void
  /** A plain operator emitted an event outside the call that fed it (asynchronously), or an extra one. */
  lateEvent(event: Event, index: number): void
  /** An asynchronous `process` started / ended (the bus tracks such events for drain and stop). */
  asyncStarted(rec: Tracked): void
  asyncEnded(rec: Tracked): void
}

/** @internal One step of the pipeline. */
export interface Stage {
  readonly middleware: Middleware | BaseMiddleware
  readonly priority: number
  readonly seq: number
  push(rec: Tracked): void
  dispose(): void
}

/** @internal Runs a `BaseMiddleware`'s `process` directly, tracking sync and async results exactly. */
export class BaseStage implements Stage {
  index = 0

  constructor(
    readonly middleware: BaseMiddleware,
    readonly seq: number,
    private readonly host: PipelineHost,
  ) {}

  get priority(): number {
    return this.middleware.priority
  }

  push(rec: Tracked): void {
    let out: unknown
    try {
      out = this.middleware.process(rec.event)
    } catch (error) {
      this.host.middlewareFailed(rec, error)
      return
    }
    if (out != null && typeof (out as PromiseLike<unknown>).then === 'function') {
      this.host.asyncStarted(rec)
      ;(out as PromiseLike<unknown>).then(
        (value) => {
          this.host.asyncEnded(rec)
          if (!rec.done) this.result(rec, value)
        },
        (error: unknown) => {
          this.host.asyncEnded(rec)
          if (!rec.done) this.host.middlewareFailed(rec, error)
        },
      )
      return
    }
    this.result(rec, out)
  }

  dispose(): void {}

  private result(rec: Tracked, out: unknown): void {
    if (out === null || out === undefined) this.host.filtered(rec)
    else if (out instanceof Event) {
      rec.event = out as Event
      this.host.advance(rec, this.index + 1)
    } else {
      this.host.middlewareFailed(rec, new TypeError(`middleware returned ${typeof out}, expected an Event or null`))
    }
  }
}

/**
 * @internal Runs a plain RxJS operator over an inner Subject. What the operator emits during
 * the `next` that fed a record belongs to that record; nothing emitted means filtered. An
 * error in the operator fails the current record and the operator is subscribed afresh, so
 * the pipeline keeps going.
 */
export class OperatorStage implements Stage {
  index = 0
  readonly priority = 0
  /** The operator's source: a bare Observable whose one subscriber we feed directly (cheaper than a Subject). */
  private input: Subscriber<Event> | null = null
  private sub: Subscription | null = null
  private current: Tracked | null = null
  private emitted = false
  private errored = false

  constructor(
    readonly middleware: Middleware,
    readonly seq: number,
    private readonly host: PipelineHost,
  ) {
    this.connect()
  }

  push(rec: Tracked): void {
    const previous = this.current
    const previousEmitted = this.emitted
    this.current = rec
    this.emitted = false
    this.errored = false
    const input = this.input
    if (input !== null) input.next(rec.event)
    // Set by the operator's callbacks during `input.next` (the compiler cannot see that).
    const emitted = this.emitted as boolean
    const errored = this.errored as boolean
    this.current = previous
    this.emitted = previousEmitted
    if (!emitted && !errored) this.host.filtered(rec)
  }

  dispose(): void {
    this.sub?.unsubscribe()
    this.sub = null
  }

  private connect(): void {
    this.input = null
    const source = new Observable<Event>((subscriber) => {
      this.input = subscriber
      return () => {
        if (this.input === subscriber) this.input = null
      }
    })
    let out: Observable<Event>
    try {
      out = this.middleware(source)
    } catch (error) {
      out = NEVER
      this.errorOut(error)
    }
    if (!isObservable(out)) {
      throw new EventValidationError('addMiddleware(middleware)', [
        {
          path: 'middleware',
          expected:
            'an RxJS operator (source$) => Observable<Event>; for (event) => Event | Promise<Event | null>, extend BaseMiddleware and implement process(event)',
          actual: renderValue(out),
        },
      ])
    }
    this.sub = out.subscribe({
      next: (event) => {
        this.output(event)
      },
      error: (error: unknown) => {
        this.errorOut(error)
        this.connect()
      },
      complete: () => {
        this.connect()
      },
    })
  }

  private errorOut(error: unknown): void {
    const rec = this.current
    if (rec !== null && !this.emitted && !this.errored) {
      this.errored = true
      this.host.middlewareFailed(rec, error)
    }
  }

  private output(event: unknown): void {
    const rec = this.current
    if (!(event instanceof Event)) {
      const error = new TypeError(`middleware emitted ${typeof event}, expected an Event`)
      if (rec !== null && !this.emitted) {
        this.emitted = true
        this.host.middlewareFailed(rec, error)
      }
      return
    }
    if (rec !== null && !this.emitted) {
      this.emitted = true
      rec.event = event as Event
      this.host.advance(rec, this.index + 1)
    } else {
      this.host.lateEvent(event as Event, this.index + 1)
    }
  }
}

/** @internal Orders stages by priority, then insertion, and numbers them. */
export function orderStages(stages: Stage[]): Stage[] {
  const sorted = [...stages].sort((a, b) => a.priority - b.priority || a.seq - b.seq)
  sorted.forEach((s, i) => {
    ;(s as BaseStage | OperatorStage).index = i
  })
  return sorted
}
