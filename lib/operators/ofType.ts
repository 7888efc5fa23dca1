import { filter, type OperatorFunction } from 'rxjs'
import type { Event } from '../events/Event'
import type { WithEventType } from '../bus/types'

/**
 * An event class, as `ofType` takes it: `DocumentEvent`, or a class of your own.
 *
 * @category operators
 * @since 0.2.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor arguments: the class is only used with instanceof
export type EventClass<E extends Event<object> = Event<object>> = abstract new (...args: any[]) => E

/**
 * The members of the union `In` whose `eventType` is one of `K` (an `Event` of type `string`
 * is kept, with its type narrowed to `K`).
 *
 * @category operators
 * @since 0.2.0
 */
export type NarrowByType<In extends Event<object>, K extends string> = In extends unknown
  ? In['eventType'] extends K
    ? In
    : string extends In['eventType']
      ? In & WithEventType<K>
      : never
  : never

/** (A helper of `NarrowByClass`, not exported.) The members of `In` that have every field of `I` (payload, eventType and `with` aside: a map's entries carry their own). */
type MembersLike<In, I> = In extends unknown ? (In extends Omit<I, 'payload' | 'eventType' | 'with'> ? In : never) : never

/**
 * The members of the union `In` that are instances of the class `I` (structurally: the map's
 * own entries, with their payloads); `I` itself when none is.
 *
 * @category operators
 * @since 0.2.0
 */
export type NarrowByClass<In extends Event<object>, I extends Event<object>> = [MembersLike<In, I>] extends [never] ? I : MembersLike<In, I>

/**
 * Keeps the events of the given types and narrows the stream's type to them, like NgRx's
 * `ofType`: on a typed bus, `bus.events$.pipe(ofType('order.placed'))` is an Observable of the
 * map's `order.placed` event, and a name that is not in the map is a compile error. Type names
 * match exactly (no patterns).
 *
 * ```text
 * source:  --a--b--a--|      a: 'x.created', b: 'y.deleted'
 * ofType('x.created')
 * result:  --a-----a--|
 * ```
 *
 * @example
 * bus.events$.pipe(ofType(DocumentEventTypes.OCR_COMPLETED)).subscribe((e) => e.documentId)
 *
 * @param types The event types to keep (none: keep nothing).
 * @returns An operator; errors and completion pass through.
 * @see {@link EventBus.on}, which also takes patterns.
 * @category operators
 * @since 0.1.0
 */
export function ofType<In extends Event<object>, K extends In['eventType']>(...types: readonly K[]): OperatorFunction<In, NarrowByType<In, K>>
/**
 * Keeps the instances of the given event classes (`instanceof`, as NestJS users write
 * `ofType(OrderPlaced)`), narrowing the stream to them.
 *
 * ```text
 * source:  --d--e--d--|      d: a DocumentEvent, e: an Event
 * ofType(DocumentEvent)
 * result:  --d-----d--|
 * ```
 *
 * @example
 * bus.events$.pipe(ofType(ErrorEvent)).subscribe((e) => console.log(e.errorMessage))
 *
 * @param classes The event classes to keep (subclasses included).
 * @returns An operator; errors and completion pass through.
 * @category operators
 * @since 0.2.0
 */
export function ofType<In extends Event<object>, I extends Event<object>>(
  ...classes: readonly [EventClass<I>, ...EventClass<I>[]]
): OperatorFunction<In, NarrowByClass<NoInfer<In>, I>>
export function ofType(...keys: readonly (string | EventClass)[]): OperatorFunction<Event<object>, Event<object>> {
  const classes = keys.filter((k): k is EventClass => typeof k === 'function')
  if (classes.length > 0) return filter((event) => classes.some((c) => event instanceof c))
  const set = new Set(keys)
  return filter((event) => set.has(event.eventType))
}
