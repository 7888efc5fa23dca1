import type { SchedulerLike } from 'rxjs'
import type { Event, EventInit, Payload } from '../events/Event'

// The bus's public types. The typed event map is defined here; the other groups live in
// their own files and are re-exported by name, so `import ... from './types'` keeps working.

export type {
  EventHandler,
  FollowUps,
  HandlerContext,
  HandlerInfo,
  HandlerResult,
  IterateOptions,
  OnceOptions,
  RetryPolicy,
  SagaOptions,
  SubscribeOptions,
} from './handlerTypes'
export type { DeadLetter, DeadLetterReason, HandlerOutcome, PublishOptions, PublishResult } from './publishTypes'
export type { EventBusOptions, Logger, OverflowPolicy, ReplayOptions } from './optionsTypes'
export type { BusHealth, DrainOptions, StopOptions, StopResult } from './lifecycleTypes'

// model

/**
 * Maps event type names to what a typed bus carries for each: an `Event` subclass, or a
 * payload type (then the handler receives an `Event` of that payload). A `type` or an
 * `interface` (an interface needs no index signature).
 *
 * @example
 * type AppEvents = { 'document.processing.started': DocumentEvent; 'user.created': { name: string } }
 * const bus = new EventBus<AppEvents>()
 *
 * @category bus
 * @since 0.1.0
 */
export type EventMap = object

/**
 * The default map of an untyped bus: any type name, any event.
 *
 * @category bus
 * @since 0.1.0
 */
export type AnyEventMap = Record<string, Event>

/**
 * What a handler of `M[K]` receives: the class itself, or an `Event` of that payload, with
 * its type name `K` (when `K` is a literal).
 *
 * @category bus
 * @since 0.1.0
 */
export type EventOf<V, K extends string = string> = V extends Event<object> ? (string extends K ? V : V & WithEventType<K>) : Event<V & Payload, K>

/**
 * An event type name as a literal: what {@link EventOf} adds to an event class whose
 * `eventType` is a plain `string`, and what `ofType` narrows to.
 *
 * @category bus
 * @since 0.2.0
 */
export interface WithEventType<K extends string> {
  /** The event's type name. */
  readonly eventType: K
}

/**
 * The payload type of an entry of an {@link EventMap}.
 *
 * @category bus
 * @since 0.1.0
 */
export type PayloadOf<V> = V extends Event<infer P> ? P : V & Payload

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

/** (A helper of `KeysMatching`, not exported.) `'a.b.c'` as `['a', 'b', 'c']`. */
type Segments<S extends string> = S extends `${infer Head}.${infer Rest}` ? [Head, ...Segments<Rest>] : [S]

/** (A helper of `KeysMatching`, not exported.) True when the pattern's segments match the type name's (`*` one segment, a final `>` one or more). */
type SegmentsMatch<P extends readonly string[], S extends readonly string[]> = P extends ['>']
  ? S extends [string, ...string[]]
    ? true
    : false
  : P extends [infer PH extends string, ...infer PR extends string[]]
    ? S extends [infer SH extends string, ...infer SR extends string[]]
      ? PH extends '*' | SH
        ? SegmentsMatch<PR, SR>
        : false
      : false
    : S extends []
      ? true
      : false

/**
 * The keys of `M` that a type name or pattern `K` selects: `'order.*'` selects `order.placed`
 * and `order.paid`, not `order.line.added`; an exact name selects itself.
 *
 * @category bus
 * @since 0.2.0
 */
export type KeysMatching<M extends EventMap, K> = K extends keyof M
  ? K
  : K extends string
    ? { [Key in Extract<keyof M, string>]: SegmentsMatch<Segments<K>, Segments<Key>> extends true ? Key : never }[Extract<keyof M, string>]
    : never

/** (A helper of `EventFor`, not exported.) The events of the given keys of `M`, each with its type name. */
type EventsOfKeys<M extends EventMap, Keys extends keyof M> = { [Key in Keys]: EventOf<M[Key], Key & string> }[Keys]

/**
 * The union of the events of a bus over `M` (what `events$` carries); `Event` on an untyped bus.
 *
 * @category bus
 * @since 0.2.0
 */
export type EventUnion<M extends EventMap> = string extends keyof M ? EventOf<M[keyof M]> : EventsOfKeys<M, Extract<keyof M, string>>

/**
 * The event a subscription to `K` receives on a bus over `M`: the entry of a type name, or
 * the union of the entries a pattern matches.
 *
 * @category bus
 * @since 0.1.0
 */
export type EventFor<M extends EventMap, K> = string extends keyof M ? EventOf<M[keyof M]> : EventsOfKeys<M, KeysMatching<M, K>>

/**
 * What `publish` and `context.publish` accept on a bus over `M`: an event whose `eventType`
 * is a key of `M` (a literal: an `Event` whose type is a plain `string` needs a cast) and whose
 * payload or class fits that key's entry. Any `Event` on an untyped bus.
 *
 * @category bus
 * @since 0.2.0
 */
export type PublishableEvent<M extends EventMap> = string extends keyof M ? Event<object> : EventsOfKeys<M, Extract<keyof M, string>>

/**
 * The fields of an event that `emit` takes besides its type and payload (priority, correlationId, ...).
 *
 * @category bus
 * @since 0.2.0
 */
export type EmitInit = Omit<EventInit<Payload>, 'eventType' | 'payload'>

/**
 * The arguments of `emit(type, ...)` after the type, on a bus over `M`: the payload of `M[K]`,
 * required unless it has no required field, then the other fields of the event. On an untyped
 * bus, any payload object or none.
 *
 * @category bus
 * @since 0.2.0
 */
export type EmitArgs<M extends EventMap, K extends keyof M> = string extends keyof M
  ? [payload?: object, init?: EmitInit]
  : Record<string, never> extends PayloadOf<M[K]>
    ? [payload?: PayloadOf<M[K]>, init?: EmitInit]
    : [payload: PayloadOf<M[K]>, init?: EmitInit]

/** @internal Re-exported for the scheduler-aware parts. */
export type { SchedulerLike }
