import type { ObservableInput, SchedulerLike } from 'rxjs'
import type { Event, Payload } from '../events/Event'
import type { Transport, TransportStatus } from './transport'

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
 * @category bus
 * @since 0.1.0
 */
export type EventHandler<E extends Event<object> = Event> = (event: E, context: HandlerContext) => HandlerResult

/**
 * What a handler receives besides its event.
 *
 * @category bus
 * @since 0.1.0
 */
export interface HandlerContext {
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
   * Publishes a follow-up event: it keeps its class and fields and inherits the cause's
   * `correlationId` (unless it has one) and `traceIds`, and records `metadata.causationId`
   * (the cause's `id`). A handler's publishes never wait for queue room (no deadlock under
   * the `'wait'` policy).
   */
  publish(event: Event<object>, options?: PublishOptions): Promise<PublishResult | undefined>
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
}

/**
 * Options of `publish`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface PublishOptions {
  /**
   * `'accepted'` (default): resolve when the event is accepted (queued).
   * `'handled'`: resolve with every handler's outcome (a {@link PublishResult}).
   */
  readonly waitFor?: 'accepted' | 'handled'
}

/**
 * One handler's outcome for one event.
 *
 * @category bus
 * @since 0.1.0
 */
export interface HandlerOutcome {
  /** The subscription's name. */
  readonly handler: string
  /** `'fulfilled'`, `'rejected'` (threw, rejected, errored), `'timeout'`, or `'cancelled'` (unsubscribed or stopped before it ran). */
  readonly status: 'fulfilled' | 'rejected' | 'timeout' | 'cancelled'
  /** The error, for `'rejected'` and `'timeout'`. */
  readonly error?: unknown
  /** Calls made (1 + retries). */
  readonly attempts: number
  /** Time of the last call, ms. */
  readonly durationMs: number
}

/**
 * What `publish(event, { waitFor: 'handled' })` resolves with.
 *
 * @category bus
 * @since 0.1.0
 */
export interface PublishResult {
  /** The event as handlers saw it (after middleware). */
  readonly event: Event
  /** `'handled'`, `'filtered'` (a middleware dropped it), `'unrouted'` (no subscriber), `'dead-letter'` (middleware error, overflow, shutdown). */
  readonly status: 'handled' | 'filtered' | 'unrouted' | 'dead-letter'
  /** One entry per handler that was to receive the event. */
  readonly outcomes: readonly HandlerOutcome[]
  /** True when every outcome is `'fulfilled'` and the event was handled. */
  readonly ok: boolean
}

/**
 * Why an event became a dead letter.
 *
 * @category bus
 * @since 0.1.0
 */
export type DeadLetterReason = 'handler-error' | 'timeout' | 'retries-exhausted' | 'overflow' | 'middleware-error' | 'invalid' | 'shutdown'

/**
 * An event the bus could not deliver, as emitted by `deadLetters$`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface DeadLetter {
  /** The event. */
  readonly event: Event
  /** Why. */
  readonly reason: DeadLetterReason
  /** The error, if any. */
  readonly error?: unknown
  /** The handler concerned, if any. */
  readonly handler?: string
  /** Calls made (0 when no handler ran). */
  readonly attempts: number
}

/**
 * A pino-style logger: `console`, pino, or any object with these four methods.
 * The bus calls them as `logger.warn(fields, message)`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface Logger {
  /** Detail (middleware logging at level debug, bus start). */
  debug(fields: object, message?: string): void
  /** Information (`LoggingMiddleware` by default). */
  info(fields: object, message?: string): void
  /** Something went wrong but was handled (redeliveries, undelivered events at stop). */
  warn(fields: object, message?: string): void
  /** A handler or middleware failed; an event went to dead letters. */
  error(fields: object, message?: string): void
}

/**
 * Options of replay for late subscribers.
 *
 * @category bus
 * @since 0.1.0
 */
export interface ReplayOptions {
  /** How many of the last events `events$` and `on()` replay to a new subscriber. */
  readonly count: number
}

/**
 * What `stop()` resolves with.
 *
 * @category bus
 * @since 0.1.0
 */
export interface StopResult {
  /** Events not handled by the deadline (queued, or with handlers still running), so the caller can persist them. */
  readonly undelivered: readonly Event[]
}

/**
 * Options of `stop()`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface StopOptions {
  /** How long to drain before giving up, ms; default 30,000. */
  readonly timeoutMs?: number
}

/**
 * A readiness report, from `bus.health()`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface BusHealth {
  /** True between `start()` and `stop()`. */
  readonly running: boolean
  /** Waiting events / `maxQueueSize`, 0..1. */
  readonly queueFill: number
  /** As in metrics: events with a failed handler / handled events, 0..1. */
  readonly errorRate: number
  /** Dead letters so far. */
  readonly deadLetters: number
  /** `running` and the queue below 90 % full (and the transport connected, if any). */
  readonly healthy: boolean
  /** The transport's connection state, if the bus has one. */
  readonly transport?: TransportStatus
}

/**
 * Queue overflow policy. `'wait'` (default): `publish` waits for room; `'reject'`: `publish`
 * rejects with `QueueOverflowError`; `'drop-oldest'`: the oldest waiting event is dropped;
 * `'drop-newest'`: the incoming event is dropped. Dropped events are counted and sent to
 * `deadLetters$` (reason `'overflow'`).
 *
 * @category bus
 * @since 0.1.0
 */
export type OverflowPolicy = 'wait' | 'reject' | 'drop-oldest' | 'drop-newest'

/**
 * Options of `new EventBus(options)`. Defaults are in `DEFAULT_BUS_OPTIONS`.
 *
 * @category bus
 * @since 0.1.0
 */
export interface EventBusOptions {
  /** Most events waiting across the bus; default 10,000. */
  readonly maxQueueSize?: number
  /** What happens when `maxQueueSize` events wait; default `'wait'`. */
  readonly overflow?: OverflowPolicy
  /** Timeout of every handler without its own `timeoutMs`, ms; default none. */
  readonly defaultTimeoutMs?: number
  /** Where the bus logs failures; default `console` for warnings and errors only. */
  readonly logger?: Logger
  /** The scheduler of every timer of the bus (timeouts, retries, metrics); a `TestScheduler` gives virtual time. */
  readonly scheduler?: SchedulerLike
  /** How often `metrics$` emits a snapshot, ms; default 1,000. */
  readonly metricsIntervalMs?: number
  /** Keep metrics (on by default); off saves a little per event. */
  readonly metrics?: boolean
  /** Publish an `ErrorEvent` (`document.error.occurred`) when a handler fails; default false. */
  readonly errorEvents?: boolean
  /** Replay the last `count` events to late subscribers of `events$`/`on()`; default none. */
  readonly replay?: ReplayOptions
  /**
   * Carry events across processes (for example `natsTransport(...)` from
   * `@torematrix/event-bus/nats`): `publish` writes to the broker and subscriptions consume
   * from it, at least once. Default none (in-process).
   */
  readonly transport?: Transport
  /** With a transport: how many completed event ids each subscription remembers to drop redeliveries; default 10,000. */
  readonly dedupeWindow?: number
}

/** @internal Re-exported for the scheduler-aware parts. */
export type { SchedulerLike }
