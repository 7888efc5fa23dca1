import type { SchedulerLike } from 'rxjs'
import type { Event, Payload } from '../events/Event'

// The bus's public types. The typed event map is defined here; the other groups live in
// their own files and are re-exported by name, so `import ... from './types'` keeps working.

export type { EventHandler, HandlerContext, HandlerResult, RetryPolicy, SagaOptions, SubscribeOptions } from './handlerTypes'
export type { DeadLetter, DeadLetterReason, HandlerOutcome, PublishOptions, PublishResult } from './publishTypes'
export type { EventBusOptions, Logger, OverflowPolicy, ReplayOptions } from './optionsTypes'
export type { BusHealth, DrainOptions, StopOptions, StopResult } from './lifecycleTypes'

// model

/**
 * Maps event type names to what a typed bus carries for each: an `Event` subclass, or a
 * payload type (then the handler receives an `Event` of that payload).
 *
 * @example
 * type AppEvents = { 'document.processing.started': DocumentEvent; 'user.created': { name: string } }
 * const bus = new EventBus<AppEvents>()
 *
 * @category bus
 * @since 0.1.0
 */
export type EventMap = { readonly [eventType: string]: object }

/**
 * The default map of an untyped bus: any type name, any event.
 *
 * @category bus
 * @since 0.1.0
 */
export type AnyEventMap = Record<string, Event>

/**
 * What a handler of `M[K]` receives: the class itself, or an `Event` of that payload.
 *
 * @category bus
 * @since 0.1.0
 */
export type EventOf<V> = V extends Event<infer _P> ? V : Event<V & Payload>

/**
 * A subscription pattern: `*` stands for one dot-separated segment, a trailing `>` for the
 * rest (`document.*.started`, `document.>`).
 *
 * @category bus
 * @since 0.1.0
 */
export type EventPattern = `${string}*${string}` | `${string}>`

/**
 * The type names and patterns that a bus over `M` accepts in `subscribe`, `on`, `once`, ...
 *
 * @category bus
 * @since 0.1.0
 */
export type TypeOrPattern<M extends EventMap> = Extract<keyof M, string> | EventPattern

/**
 * The event a subscription to `K` receives on a bus over `M` (every event of `M` for a pattern).
 *
 * @category bus
 * @since 0.1.0
 */
export type EventFor<M extends EventMap, K> = K extends keyof M ? EventOf<M[K]> : EventOf<M[keyof M]>

/** @internal Re-exported for the scheduler-aware parts. */
export type { SchedulerLike }
