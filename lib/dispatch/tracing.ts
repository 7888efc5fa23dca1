import type { EventHandler, HandlerContext } from '../bus/types'
import type { Event } from '../events/Event'
import type { Tracked } from '../pipeline/Tracked'

// The hooks a tracer (`@torematrix/event-bus/otel`) installs on a bus. The core never imports a
// tracing library: with no tracer installed, each hook costs one null check.

/** @internal A tracer as the bus sees it: a hook per publish and per handler call. */
export interface BusTracer {
  /**
   * An event is being accepted: opens its producer span and calls `enter` with the event to
   * publish (a copy carrying the trace context, or the event itself), ending the span when it returns.
   */
  publish<R>(event: Event, enter: (event: Event) => R): R
  /**
   * Calls `handler(rec.event, context)` in a consumer span (its parent the trace context
   * `rec.event` carries) and returns what the handler returned, or a Promise or Observable
   * that ends as it does; the span ends with the call (a throw, a result, a settled Promise, an
   * ended stream, or `context.signal` aborted: a timeout, or `stop()` giving up on it).
   */
  call(handler: EventHandler, rec: Tracked, name: string, attempt: number, context: HandlerContext): unknown
}

/** @internal Where a bus keeps its tracer: null (the default) when none is installed. */
export interface TracerSlot {
  tracer: BusTracer | null
}
