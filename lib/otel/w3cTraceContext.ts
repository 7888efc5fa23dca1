import {
  type Context,
  createTraceState,
  isSpanContextValid,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api'

// The W3C Trace Context headers (https://www.w3.org/TR/trace-context/), for when no global
// propagator is registered: @opentelemetry/api alone propagates nothing, and its W3C propagator
// lives in @opentelemetry/core, which is not a peer of this package. Two headers, version 00.

const TRACEPARENT = 'traceparent'
const TRACESTATE = 'tracestate'
/** version-traceid-parentid-flags; a later version may append fields after a dash. */
const TRACEPARENT_FORMAT = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-.*)?$/

/** @internal The `traceparent` of a span context: `00-<trace id>-<span id>-<flags>`. */
export function traceparentOf(sc: SpanContext): string {
  return `00-${sc.traceId}-${sc.spanId}-0${(sc.traceFlags & 1).toString(16)}`
}

/** @internal A `traceparent` header as a remote span context, or null when malformed (or version `ff`). */
export function parseTraceparent(header: string): SpanContext | null {
  const m = TRACEPARENT_FORMAT.exec(header.trim())
  if (m === null) return null
  const [, version, traceId, spanId, flags, rest] = m as unknown as [string, string, string, string, string, string | undefined]
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null
  const sc: SpanContext = { traceId, spanId, traceFlags: parseInt(flags, 16) & 1, isRemote: true }
  return isSpanContextValid(sc) ? sc : null
}

/**
 * @internal A `TextMapPropagator` for the W3C `traceparent` and `tracestate` headers, used when
 * `propagation` has no propagator registered.
 */
export const w3cTraceContext: TextMapPropagator = Object.freeze({
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const sc = trace.getSpanContext(context)
    if (sc === undefined || !isSpanContextValid(sc)) return
    setter.set(carrier, TRACEPARENT, traceparentOf(sc))
    const state = sc.traceState?.serialize()
    if (state !== undefined && state !== '') setter.set(carrier, TRACESTATE, state)
  },
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const header = first(getter.get(carrier, TRACEPARENT))
    const sc = header === undefined ? null : parseTraceparent(header)
    if (sc === null) return context
    const state = first(getter.get(carrier, TRACESTATE))
    return trace.setSpanContext(context, state === undefined ? sc : { ...sc, traceState: createTraceState(state) })
  },
  fields(): string[] {
    return [TRACEPARENT, TRACESTATE]
  },
})

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
