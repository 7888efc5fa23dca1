import { type Context, context, type Span, SpanStatusCode } from '@opentelemetry/api'
import { describe } from '../bus/deadLetters'
import type { AttemptEnd, AttemptSpan } from '../dispatch/tracing'
import { OTEL_ATTRIBUTES as A } from './attributes'

/**
 * @internal One handler attempt's consumer span: the handler runs with it active (so the
 * producer spans of its follow-ups are its children), and it ends once, with the outcome;
 * a failure, a timeout or an abandoned call sets status ERROR and records the exception.
 */
export class ConsumerSpan implements AttemptSpan {
  private ended = false

  constructor(
    private readonly span: Span,
    /** The parent context with this span set: active while the handler runs. */
    private readonly active: Context,
  ) {}

  call<E, C>(handler: (event: E, context: C) => unknown, event: E, ctx: C): unknown {
    return context.with(this.active, handler, undefined, event, ctx)
  }

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
}

/** Status ERROR with the failure described (name and message: never a payload), and the exception recorded. */
export function failed(span: Span, how: AttemptEnd | 'rejected', error: unknown): void {
  span.setAttribute(A.errorType, how === 'timeout' ? 'timeout' : errorType(error))
  if (error instanceof Error) span.recordException(error)
  else span.recordException({ name: 'Error', message: describe(error) })
  span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) })
}

function errorType(error: unknown): string {
  const name: unknown = error instanceof Error ? error.name : undefined
  return typeof name === 'string' && name !== '' ? name : '_OTHER'
}
