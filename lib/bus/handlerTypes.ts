import type { ObservableInput } from 'rxjs'
import type { Event } from '../events/Event'
import type { SubscribeFrom } from '../history/HistoryOptions'
import type { PublishOptions, PublishResult } from './publishTypes'
import type { AnyEventMap, EmitArgs, EventMap, PublishableEvent } from './types'

// Types of a subscription: its handler, what the handler receives, and its options.

/**
 * What a handler may return: nothing (sync), a Promise, or an Observable (or anything RxJS
 * takes as `ObservableInput`); the handler is done when it returns, resolves or completes.
 *
 * @category bus
 * @since 0.1.0
 */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a handler with a block body returns `void`; without it, sync handlers would not type-check
export type HandlerResult = void | undefined | PromiseLike<unknown> | ObservableInput<unknown>

/**
 * A subscription's handler: `(event, context) => void | Promise | Observable`.
 *
 * @typeParam E The event it receives.
 * @typeParam M The bus's event map, which `context.publish` and `context.emit` are checked against.
 * @category bus
 * @since 0.1.0
 */
export type EventHandler<E extends Event<object> = Event, M extends EventMap = AnyEventMap> = (event: E, context: HandlerContext<M>) => HandlerResult

/**
 * What a handler receives besides its event: who it is, `signal`, and `publish`/`emit` for
 * follow-ups (checked against the bus's map `M`; see {@link FollowUps}).
 *
 * @typeParam M The bus's event map, which `publish` and `emit` are checked against.
 * @category bus
 * @since 0.1.0
 */
export type HandlerContext<M extends EventMap = AnyEventMap> = HandlerInfo & (string extends keyof M ? FollowUps<AnyEventMap> : FollowUps<M>)

/**
 * The part of a {@link HandlerContext} that does not depend on the map.
 *
 * @category bus
 * @since 0.2.0
 */
export interface HandlerInfo {
  /** The subscription's name (as in metrics). */
  readonly handler: string
  /** 1 for the first call, 2 for the first retry, ... */
  readonly attempt: number
  /**
   * How often the broker delivered this event to this subscription (1 in process; with a
   * transport, more than 1 means a redelivery, so an idempotent handler can tell).
   */
  readonly deliveryCount: number
  /**
   * Aborted when the bus gives up on this attempt: its `timeoutMs` passed, or `stop()` reached
   * its deadline while the call ran. Pass it to `fetch` and other cancellable work; once it is
   * aborted, `publish` and `emit` reject with its `reason` (a call the bus gave up on adds no events).
   */
  readonly signal: AbortSignal
}

/**
 * How a handler publishes follow-ups on a bus over `M` (a type alias, not an interface, so that
 * a handler written for an untyped bus still fits a typed one).
 *
 * @typeParam M The bus's event map.
 * @category bus
 * @since 0.2.0
 */
export type FollowUps<M extends EventMap> = {
  /**
   * Publishes a follow-up event: it keeps its class and fields and inherits the cause's
   * `correlationId` (unless it has one) and `traceIds`, and records `metadata.causationId`
   * (the cause's `id`). A handler's publishes never wait for queue room (no deadlock under
   * the `'wait'` policy).
   */
  publish(event: PublishableEvent<M>, options?: PublishOptions): Promise<PublishResult | undefined>
  /**
   * Builds an `Event` of a type of the map and publishes it as a follow-up, as `publish` does
   * (causation, correlation and trace ids kept). The payload is required unless the entry's
   * payload has no required field. Rejects (never throws) when the event cannot be built.
   *
   * @example
   * bus.subscribe('order.placed', (e, context) => context.emit('invoice.requested', { orderId: e.payload.orderId }))
   */
  emit<K extends Extract<keyof M, string>>(eventType: K, ...args: EmitArgs<M, K>): Promise<PublishResult | undefined>
}

/**
 * Retry policy of a subscription. `count` counts retries after the first attempt, as RxJS
 * `retry({ count })`: `count: 2` means at most three calls.
 *
 * @category bus
 * @since 0.1.0
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly count: number
  /** Delay before the first retry, ms; default 0. */
  readonly delayMs?: number
  /** `'fixed'` (default) waits `delayMs` each time; `'exponential'` doubles it after each retry. */
  readonly backoff?: 'fixed' | 'exponential'
}

/**
 * Options of `subscribe`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface SubscribeOptions<E extends Event<object> = Event> {
  /** Name in metrics and logs; default the function's name, else a unique `anonymous#N`. */
  readonly name?: string
  /** Handler calls at once (a `mergeMap` limit); default 1: one at a time, in order. */
  readonly concurrency?: number
  /** A handler still running after this many ms fails with `HandlerTimeoutError`; default the bus's `defaultTimeoutMs`. */
  readonly timeoutMs?: number
  /** Retry a failed call; see {@link RetryPolicy}. */
  readonly retry?: RetryPolicy
  /** A key function: one key's events stay in order, different keys run in parallel up to `concurrency`. */
  readonly orderBy?: (event: E) => unknown
  /**
   * With a transport: a consumer group shared by every process that uses the same name, so
   * each event reaches one member of the group (and every group once). Without it, each
   * process receives every event. Ignored without a transport.
   */
  readonly group?: string
  /**
   * Where the subscription starts (see {@link SubscribeFrom}): `'new'` (default), `'all'`,
   * `{ since }` or `{ last: n }`. Past events come first, in order, then live ones, with no gap
   * and no duplicate. Needs `history` on the bus, or a transport (where it sets the consumer's
   * deliver policy; a group's durable consumer keeps its position after that).
   */
  readonly from?: SubscribeFrom
  /** Unsubscribes when this `AbortSignal` aborts (at once if it already has). */
  readonly signal?: AbortSignal
}

/**
 * Options of `once(typeOrPattern, options)`.
 *
 * @typeParam E The event it resolves with.
 * @category bus
 * @since 0.2.0
 */
export interface OnceOptions<E extends Event<object> = Event> {
  /** Reject with a `TimeoutError` when no event came within this many ms (on the bus scheduler). */
  readonly timeoutMs?: number
  /** Only events it accepts. */
  readonly filter?: (event: E) => boolean
  /** Reject with the signal's `reason` when it aborts first (at once if it already has). */
  readonly signal?: AbortSignal
}

/**
 * Options of `iterate(typeOrPattern, options)`.
 *
 * @category bus
 * @since 0.2.0
 */
export interface IterateOptions {
  /** How many events may wait (default 1,000); on overflow the oldest is dropped and counted in `dropped`. */
  readonly bufferSize?: number
  /** Ends the iteration (as `break` does) when it aborts. */
  readonly signal?: AbortSignal
}

/**
 * Options of `saga(fn, options)`.
 *
 * @category bus
 * @since 0.2.0
 */
export interface SagaOptions {
  /**
   * How often a saga that errors is resubscribed in a row (the count starts again once it emits),
   * and the delay before each resubscription on the bus scheduler. Default
   * `{ count: 10, delayMs: 100, backoff: 'exponential' }` (NgRx effects resubscribe 10 times).
   * Each error goes to `errors$` and the logger; after the last, the saga stays stopped.
   */
  readonly retry?: RetryPolicy
}
