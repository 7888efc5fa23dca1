import type { Event } from '../events/Event'
import type { Tracked } from '../pipeline/Tracked'

// The hooks a tracer (`@torematrix/event-bus/otel`) installs on a bus. The core never imports a
// tracing library: with no tracer installed, each hook costs one null check.

/** @internal How an attempt ended, as a span records it. */
export type AttemptEnd = 'fulfilled' | 'rejected' | 'timeout' | 'abandoned'

/** @internal One handler attempt's span, from the call to its end. */
export interface AttemptSpan {
  /** Calls `handler(event, context)` with this span active (a follow-up it publishes becomes its child). */
  call<A, B>(handler: (event: A, context: B) => unknown, event: A, context: B): unknown
  /** Ends the span (once; later calls do nothing). `error`: why it failed, timed out or was abandoned. */
  end(how: AttemptEnd, error: unknown): void
}

/** @internal A tracer as the bus sees it: a hook per publish and per handler attempt. */
export interface BusTracer {
  /**
   * An event is being accepted: opens its producer span and calls `enter` with the event to
   * publish (a copy carrying the trace context, or the event itself), ending the span when it returns.
   */
  publish<R>(event: Event, enter: (event: Event) => R): R
  /** A handler attempt starts: its consumer span (the parent is the trace context `rec.event` carries). */
  start(rec: Tracked, handler: string, attempt: number): AttemptSpan
}

/** @internal Where a bus keeps its tracer: null (the default) when none is installed. */
export interface TracerSlot {
  tracer: BusTracer | null
}
