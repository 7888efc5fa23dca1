import { type Context, context, type Span, SpanStatusCode } from '@opentelemetry/api'
import { Observable } from 'rxjs'
import { describe } from '../bus/deadLetters'
import type { EventHandler, HandlerContext } from '../bus/types'
import { followStream, isStreamLike } from '../dispatch/followResult'
import type { Event } from '../events/Event'
import { HandlerAbandonedError } from '../errors/HandlerAbandonedError'
import { HandlerTimeoutError } from '../errors/HandlerTimeoutError'
import { OTEL_ATTRIBUTES as A } from './attributes'

/** @internal How an attempt ended, as its span records it. */
export type AttemptEnd = 'fulfilled' | 'rejected' | 'timeout' | 'abandoned'

/**
 * @internal One handler attempt's consumer span. The handler runs with it active (so the
 * producer spans of its follow-ups are its children); it ends once, with the outcome, when the
 * call throws or returns, its Promise settles or its stream ends, or the bus aborts it (a
 * timeout, or `stop()` giving up). A failure sets status ERROR and records the exception.
 */
export class ConsumerSpan {
  private ended = false

  constructor(
    private readonly span: Span,
    /** The parent context with this span set: active while the handler runs. */
    private readonly active: Context,
  ) {}

  /**
   * Calls the handler in the span. Returns its result, a Promise in place of a thenable (its
   * `then` read once, here), or an Observable in place of a stream, each ending the span as it ends.
   */
  run(handler: EventHandler, event: Event, ctx: HandlerContext): unknown {
    let result: unknown
    let then: unknown
    try {
      result = context.with(this.active, handler, undefined, event, ctx)
      if (typeof result !== 'object' || result === null) {
        this.end('fulfilled', undefined)
        return result
      }
      then = (result as { then?: unknown }).then
      if (typeof then !== 'function' && !isStreamLike(result)) {
        this.end('fulfilled', undefined)
        return result
      }
    } catch (error) {
      this.end('rejected', error)
      throw error
    }
    this.endOnAbort(ctx)
    const source = result
    if (typeof then === 'function') {
      return new Promise<void>((resolve, reject) => {
        ;(then as (this: object, f: () => void, r: (e: unknown) => void) => unknown).call(source, resolve, reject)
      }).then(
        () => {
          this.end('fulfilled', undefined)
        },
        (error: unknown) => {
          this.end('rejected', error)
          throw error
        },
      )
    }
    return new Observable<never>((subscriber) =>
      followStream(source, (failed, error) => {
        this.end(failed ? 'rejected' : 'fulfilled', error)
        if (failed) subscriber.error(error)
        else subscriber.complete()
      }),
    )
  }

  /** Ends the span (once; later calls do nothing). */
  end(how: AttemptEnd, error: unknown): void {
    if (this.ended) return
    this.ended = true
    const span = this.span
    try {
      span.setAttribute(A.outcome, how)
      if (how !== 'fulfilled') failed(span, how, error)
    } catch {
      // a span that cannot take the outcome still ends
    }
    span.end()
  }

  /** The bus gave up on the call (a timeout, or `stop()`): the span ends then, with why. */
  private endOnAbort(ctx: HandlerContext): void {
    const signal = ctx.signal
    signal.addEventListener(
      'abort',
      () => {
        const reason: unknown = signal.reason
        this.end(reason instanceof HandlerTimeoutError ? 'timeout' : reason instanceof HandlerAbandonedError ? 'abandoned' : 'rejected', reason)
      },
      { once: true },
    )
  }
}

/** Status ERROR with the failure described (its name and message, never a payload), and the exception recorded. */
export function failed(span: Span, how: AttemptEnd, error: unknown): void {
  span.setAttribute(A.errorType, how === 'timeout' ? 'timeout' : errorType(error))
  if (error instanceof Error) span.recordException(error)
  else span.recordException({ name: 'Error', message: describe(error) })
  span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) })
}

function errorType(error: unknown): string {
  const name: unknown = error instanceof Error ? error.name : undefined
  return typeof name === 'string' && name !== '' ? name : '_OTHER'
}
