import { isObservable, Observable, type Subscriber, type Subscription } from 'rxjs'
import { EventValidationError } from '../errors/EventValidationError'
import { Event } from '../events/Event'
import { renderValue } from '../internal/render'
import type { Middleware } from '../middleware/Middleware'
import { type PipelineHost, Stage } from './Stage'
import type { Tracked } from './Tracked'

const NOT_AN_OPERATOR =
  'an RxJS operator (source$) => Observable<Event>; for (event) => Event | Promise<Event | null>, extend BaseMiddleware and implement process(event)'

/**
 * @internal A plain RxJS operator over events, lifted over records: the operator is subscribed
 * once to an inner source that the stage feeds with each record's event. What it emits during the
 * call that fed a record belongs to that record (the record goes on with the emitted event);
 * nothing emitted means filtered; what it emits later, or a second time, is a new event that
 * enters the pipeline after this stage. An operator that errors or completes fails the current
 * record (a dead letter) and is subscribed afresh, once per event at most: an operator that
 * errors or completes as soon as it is subscribed fails every event, never loops.
 *
 * ```text
 * source:  --a--b--c--|      operator: filter(e => e !== b), then map(toUpper)
 * result:  --A-----C--|
 * ```
 */
export class LiftedStage extends Stage {
  /** The operator's source: a bare Observable whose one subscriber we feed directly (cheaper than a Subject). */
  private input: Subscriber<Event> | null = null
  private sub: Subscription | null = null
  private current: Tracked | null = null
  private emitted = false
  private errored = false
  /** Warned once that it emits asynchronously. */
  private warnedAsync = false
  /** The error of an operator that ended as soon as it was subscribed (it gets no more events). */
  private broken: { readonly error: unknown } | null = null

  /** @throws EventValidationError when `middleware` throws or returns something that is not an Observable. */
  constructor(middleware: Middleware, seq: number, host: PipelineHost) {
    super(middleware, 0, seq, host)
    this.connect(true)
  }

  push(rec: Tracked): void {
    const previous = this.current
    const previousEmitted = this.emitted
    this.current = rec
    this.emitted = false
    this.errored = false
    const input = this.input
    if (input !== null) input.next(rec.event)
    else if (this.broken !== null) this.fail(this.broken.error)
    // Set by the operator's callbacks during `input.next` (the compiler cannot see that).
    const emitted = this.emitted as boolean
    const errored = this.errored as boolean
    this.current = previous
    this.emitted = previousEmitted
    if (!emitted && !errored) this.host.filtered(rec)
  }

  protected override dispose(): void {
    this.sub?.unsubscribe()
    this.sub = null
    this.input = null
  }

  private connect(first: boolean): void {
    this.input = null
    const source = new Observable<Event>((subscriber) => {
      this.input = subscriber
      return () => {
        if (this.input === subscriber) this.input = null
      }
    })
    let out: unknown
    try {
      out = (this.middleware as Middleware)(source)
    } catch (error) {
      if (first) throw invalid(error)
      this.broken = { error }
      return
    }
    if (!isObservable(out)) throw invalid(out)
    const state = { ended: false, connecting: true }
    const restart = (): void => {
      state.ended = true
      this.sub = null
      if (state.connecting) this.broken ??= { error: new Error('the middleware operator ended as soon as it was subscribed') }
      else this.connect(false)
    }
    this.sub = out.subscribe({
      next: (event) => {
        this.output(event)
      },
      error: (error: unknown) => {
        this.fail(error)
        if (state.connecting) this.broken = { error }
        restart()
      },
      complete: restart,
    })
    state.connecting = false
    if (state.ended) this.sub = null
  }

  private fail(error: unknown): void {
    const rec = this.current
    if (rec !== null && !this.emitted && !this.errored) {
      this.errored = true
      this.host.middlewareFailed(rec, error)
    }
  }

  private output(event: unknown): void {
    const rec = this.current
    if (!(event instanceof Event)) {
      if (rec !== null && !this.emitted) {
        this.emitted = true
        this.host.middlewareFailed(rec, new TypeError(`middleware emitted ${typeof event}, expected an Event`))
      }
      return
    }
    if (rec !== null && !this.emitted) {
      this.emitted = true
      rec.event = event as Event
      this.forward(rec)
    } else {
      if (rec === null && !this.warnedAsync) {
        this.warnedAsync = true // emitted outside of its input's push: an asynchronous operator
        this.host.asynchronous(this)
      }
      this.host.lateEvent(event as Event, this)
    }
  }
}

function invalid(actual: unknown): EventValidationError {
  return new EventValidationError('addMiddleware(middleware)', [{ path: 'middleware', expected: NOT_AN_OPERATOR, actual: renderValue(actual) }])
}
