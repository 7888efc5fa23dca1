import {
  type Attributes,
  context,
  type Context,
  propagation,
  type Span,
  ROOT_CONTEXT,
  SpanKind,
  type TextMapPropagator,
  trace,
  type Tracer,
} from '@opentelemetry/api'
import type { EventHandler, HandlerContext } from '../bus/types'
import type { BusTracer } from '../dispatch/tracing'
import type { Event } from '../events/Event'
import type { Tracked } from '../pipeline/Tracked'
import { OTEL_ATTRIBUTES as A } from './attributes'
import { ConsumerSpan } from './ConsumerSpan'
import { metadataGetter, metadataSetter } from './metadataCarrier'
import { w3cTraceContext } from './w3cTraceContext'

/**
 * @internal The bus's tracing hooks on the OpenTelemetry API: a producer span per accepted
 * event (the published copy carries its context in `metadata`), a consumer span per handler
 * attempt (its parent the context the event carries; see {@link ConsumerSpan}). A tracer or propagator that throws is
 * ignored: tracing never fails a publish or a handler.
 */
export class OtelTracer implements BusTracer {
  constructor(
    private readonly tracer: Tracer,
    /** null: the global propagator when one is registered, else W3C Trace Context. */
    private readonly propagator: TextMapPropagator | null,
    /** `messaging.system`: the bus's transport's name, or `'torematrix'` in process. */
    public system: string,
  ) {}

  publish<R>(event: Event, enter: (event: Event) => R): R {
    let published = event
    let span: Span | undefined
    try {
      const current = context.active()
      const propagator = this.propagatorNow()
      // A publish from a handler (or any traced code) is a child of the active span; otherwise of the context the event carries.
      const parent = trace.getSpan(current) !== undefined ? current : propagator.extract(current, event.metadata, metadataGetter)
      span = this.tracer.startSpan(`${event.eventType} publish`, { kind: SpanKind.PRODUCER, attributes: this.attributes(event, 'send', 'publish') }, parent)
      published = withContext(event, trace.setSpan(parent, span), propagator)
    } catch {
      span?.end()
      return enter(event)
    }
    try {
      // Not made active around `enter`: timers and continuations the dispatch starts would keep it (consumer spans read the event's context).
      return enter(published)
    } finally {
      span.end()
    }
  }

  call(handler: EventHandler, rec: Tracked, name: string, attempt: number, ctx: HandlerContext): unknown {
    const span = this.consumerSpan(rec, name, attempt)
    return span === null ? handler(rec.event, ctx) : span.run(handler, rec.event, ctx)
  }

  /** The attempt's span, or null when the tracer fails to start one (tracing never fails a handler). */
  private consumerSpan(rec: Tracked, handler: string, attempt: number): ConsumerSpan | null {
    try {
      const event = rec.event
      // The event's context only: the active one belongs to whatever freed this delivery's slot.
      const parent = this.propagatorNow().extract(ROOT_CONTEXT, event.metadata, metadataGetter)
      const attributes = this.attributes(event, 'process', 'process')
      attributes[A.handler] = handler
      attributes[A.attempt] = attempt
      const deliveryCount = rec.inbound?.delivery?.deliveryCount
      if (deliveryCount !== undefined) attributes[A.deliveryCount] = deliveryCount
      const span = this.tracer.startSpan(`${event.eventType} process`, { kind: SpanKind.CONSUMER, attributes }, parent)
      return new ConsumerSpan(span, trace.setSpan(parent, span))
    } catch {
      return null
    }
  }

  private propagatorNow(): TextMapPropagator {
    return this.propagator ?? (propagation.fields().length > 0 ? propagation : w3cTraceContext)
  }

  private attributes(event: Event, operationType: string, operationName: string): Attributes {
    const attributes: Attributes = {
      [A.system]: this.system,
      [A.operationType]: operationType,
      [A.operationName]: operationName,
      [A.destination]: event.eventType,
      [A.messageId]: event.id,
    }
    if (event.correlationId !== undefined) attributes[A.conversationId] = event.correlationId
    return attributes
  }
}

/**
 * `event` with the trace context of `active` in its metadata (the propagator's fields replaced,
 * so no stale `tracestate` stays), or `event` itself when the propagator writes nothing.
 */
function withContext(event: Event, active: Context, propagator: TextMapPropagator): Event {
  const carrier: Record<string, string> = {}
  propagator.inject(active, carrier, metadataSetter)
  if (Object.keys(carrier).length === 0) return event
  const metadata: Record<string, unknown> = { ...event.metadata }
  for (const field of propagator.fields()) Reflect.deleteProperty(metadata, field)
  return event.with({ metadata: Object.assign(metadata, carrier) })
}
