import type { Observable, Subscription } from 'rxjs'
import type { EventBusError } from '../errors/EventBusError'
import { type Event, type EventInit, type Payload } from '../events/Event'
import type { BaseMiddleware } from '../middleware/BaseMiddleware'
import type { Middleware } from '../middleware/Middleware'
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot'
import { assemble, type BusParts } from './assemble'
import { resolveConfig } from './config'
import { BusView } from './observe'
import { eventsOf, type InteropHost, interopHost, iterateOf, nextOf, publishFrom, runSaga } from './interop'
import type { BoundedIterator } from './iterate'
import type { AnyEventMap, BusHealth, DeadLetter, EventBusOptions, EventFor, EventHandler, EventMap, SagaOptions } from './types'
import type { DrainOptions, PublishOptions, PublishResult, StopOptions, StopResult, SubscribeOptions, TypeOrPattern } from './types'

/**
 * A reactive, type-safe event bus. Events flow through one chain: `publish` → admission →
 * middleware (RxJS operators composed with `pipe`, by priority) → `routeTo` (one route per
 * type) → each subscription's `dispatch` (at most `concurrency` handler calls at once, the rest
 * waiting in a bounded priority queue) → `settle`, which folds each outcome into the metrics.
 * Every handler call is isolated: a throw, a rejection, an Observable error or a timeout is
 * counted, logged, and sent to `deadLetters$`; the bus and every other handler keep running.
 *
 * @example
 * const bus = new EventBus()
 * await bus.start()
 * bus.subscribe(DocumentEventTypes.PROCESSING_STARTED, (e) => console.log(e.eventType))
 * await bus.publish(new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId: 'd1' }))
 * await bus.stop()
 *
 * @typeParam M Maps event type names to event classes or payload types (see {@link EventMap}).
 * @category bus
 * @since 0.1.0
 */
export class EventBus<M extends EventMap = AnyEventMap> {
  private readonly parts: BusParts
  private readonly interop: InteropHost
  private readonly view: BusView

  /**
   * @param options See {@link EventBusOptions}; defaults in `DEFAULT_BUS_OPTIONS`.
   * @throws EventValidationError when an option is malformed.
   */
  constructor(options: EventBusOptions = {}) {
    const parts = (this.parts = assemble(resolveConfig(options)))
    this.view = new BusView(parts)
    this.interop = interopHost(parts)
  }

  // lifecycle

  /** True between `start()` and `stop()`. */
  get isRunning(): boolean {
    return this.parts.lifecycle.running
  }

  /**
   * Starts the bus (idempotent). A stopped bus can be started again; its subscriptions and
   * middleware are kept, its streams are new.
   */
  start(): Promise<void> {
    return this.parts.run.start()
  }

  /**
   * Stops intake (`publish` rejects with `BusNotStartedError`; handlers may still publish
   * follow-ups while draining), drains queued and running events until the deadline, then
   * completes `events$`, `deadLetters$`, `errors$` and `metrics$`.
   *
   * @param options `timeoutMs`: the drain deadline, default 30,000.
   * @returns `undelivered`: events queued or still running at the deadline (also sent to
   *   `deadLetters$` with reason `'shutdown'`), so the caller can persist them.
   */
  stop(options: StopOptions = {}): Promise<StopResult> {
    return this.parts.run.stop(options)
  }

  /**
   * Resolves when every subscription is live: with a transport, when each consumer exists on
   * the broker (subscribe before `start()`, or await this after subscribing, so that no event
   * published afterwards is missed); at once without a transport. Rejects with a
   * `TransportError` if a consumer could not be created.
   */
  ready(): Promise<void> {
    return this.parts.wiring.ready()
  }

  /**
   * Resolves when nothing is queued, in middleware, or running (now, if already so); with
   * `timeoutMs`, rejects after it with a `DrainTimeoutError` that says what still runs.
   */
  drain(options: DrainOptions = {}): Promise<void> {
    return this.view.drain(options)
  }

  // publishing

  /**
   * Publishes an event. Resolves when the event is accepted (queued), or, with
   * `{ waitFor: 'handled' }`, with every handler's outcome. A plain object is decoded with
   * the event codecs first.
   *
   * @param event An `Event` (or subclass), or a plain object that decodes to one.
   * @param options See {@link PublishOptions}.
   * @returns `undefined` once accepted, or a {@link PublishResult} with `waitFor: 'handled'`.
   *   Rejects with `BusNotStartedError` (not running), `EventValidationError` (not an event),
   *   or `QueueOverflowError` (queue full under the `'reject'` policy).
   */
  publish(event: Event<object>, options: PublishOptions & { readonly waitFor: 'handled' }): Promise<PublishResult>
  publish(event: Event<object>, options?: PublishOptions): Promise<PublishResult | undefined>
  publish(event: Event<object>, options?: PublishOptions): Promise<PublishResult | undefined> {
    return this.parts.admission.publish(event, options, 'publish')
  }

  /**
   * Builds an `Event` and publishes it without waiting: it never throws, and a rejection
   * (bad type, bus not running, queue full) is logged and sent to `errors$`, never left
   * unhandled.
   *
   * @param eventType The event type.
   * @param payload The payload.
   * @param init Other fields of the event (priority, correlationId, ...).
   */
  emit<K extends Extract<keyof M, string>>(eventType: K, payload?: PayloadOf<M[K]>, init?: Omit<EventInit<Payload>, 'eventType' | 'payload'>): void {
    this.parts.admission.emit(eventType, payload, init)
  }

  /**
   * Publishes a dead letter's event again (the same event, same `id`, so idempotent handlers
   * can tell), for example after fixing what made its handler fail. With a transport it
   * publishes a copy with a new `id` and `metadata.redeliveredFrom` (the broker and the
   * subscriptions drop a repeated id).
   *
   * @param deadLetter A value emitted by `deadLetters$`.
   * @param options See {@link PublishOptions}.
   * @returns As `publish`.
   */
  redeliver(deadLetter: DeadLetter, options?: PublishOptions): Promise<PublishResult | undefined> {
    return this.parts.admission.redeliver(deadLetter, options, this.parts.wiring)
  }

  // subscriptions

  /**
   * Subscribes a handler to an event type, a pattern (`document.*.started`, `document.>`), or
   * an array of them. Handlers may be sync or async (return a Promise or an Observable); each
   * subscription runs at most `concurrency` calls at once (default 1: in order).
   *
   * @param typeOrPattern What to receive.
   * @param handler Called as `handler(event, context)`.
   * @param options See {@link SubscribeOptions}.
   * @returns An RxJS `Subscription`: `unsubscribe()` stops deliveries; waiting ones are cancelled.
   * @throws EventValidationError for a bad type, handler or option.
   */
  subscribe<K extends TypeOrPattern<M>>(
    typeOrPattern: K | readonly K[],
    handler: EventHandler<EventFor<M, K>>,
    options: SubscribeOptions<EventFor<M, K>> = {},
  ): Subscription {
    return this.parts.subscriptions.subscribe(typeOrPattern, handler as unknown as EventHandler, options)
  }

  /**
   * Removes every subscription of `handler` to `eventType` (as given to `subscribe`).
   *
   * @returns How many subscriptions were removed.
   */
  unsubscribe(eventType: string, handler: EventHandler<never>): number {
    return this.parts.subscriptions.unsubscribe(eventType, handler)
  }

  // middleware

  /**
   * Adds a middleware: a `BaseMiddleware` instance or an RxJS operator over events. They run
   * in order of priority (lower first; operators have 0), then insertion.
   *
   * @throws EventValidationError when `middleware` is neither, or an operator that throws when applied.
   */
  addMiddleware(middleware: BaseMiddleware | Middleware): this {
    this.parts.pipeline.addMiddleware(middleware)
    return this
  }

  /**
   * Removes a middleware added earlier (the same instance or function).
   *
   * @returns True when it was found.
   */
  removeMiddleware(middleware: BaseMiddleware | Middleware): boolean {
    return this.parts.pipeline.removeMiddleware(middleware)
  }

  // streams and metrics

  /** Every event that passed the middleware, as handlers see it (hot; completes on `stop()`). */
  get events$(): Observable<Event> {
    return this.parts.lifecycle.streams.events$
  }

  /** Events the bus could not deliver (hot; completes on `stop()`). */
  get deadLetters$(): Observable<DeadLetter> {
    return this.parts.lifecycle.streams.deadLetters$
  }

  /** Handler failures and other reported errors, as `EventBusError`s (hot; completes on `stop()`). */
  get errors$(): Observable<EventBusError> {
    return this.parts.lifecycle.streams.errors$
  }

  /**
   * The events of a type or pattern, as a hot Observable.
   *
   * @param typeOrPattern An event type or a pattern.
   */
  on<K extends TypeOrPattern<M>>(typeOrPattern: K): Observable<EventFor<M, K>> {
    return eventsOf(this.interop, typeOrPattern) as unknown as Observable<EventFor<M, K>>
  }

  /**
   * A Promise of the next event of a type or pattern.
   *
   * @param typeOrPattern An event type or a pattern.
   * @param options `timeoutMs`: reject after this long; `filter`: only events it accepts.
   */
  once<K extends TypeOrPattern<M>>(
    typeOrPattern: K,
    options: { readonly timeoutMs?: number; readonly filter?: (event: EventFor<M, K>) => boolean } = {},
  ): Promise<EventFor<M, K>> {
    return nextOf(this.interop, typeOrPattern, options as { readonly filter?: (event: Event) => boolean }) as unknown as Promise<EventFor<M, K>>
  }

  /**
   * A bounded `AsyncIterable` of the events of a type or pattern: at most `bufferSize`
   * (default 1,000) wait; on overflow the oldest is dropped and counted in `dropped`.
   * Ends when the bus stops, or on `break`.
   *
   * @example
   * for await (const e of bus.iterate('document.>', { bufferSize: 100 })) console.log(e.eventType)
   *
   * @param typeOrPattern An event type or a pattern.
   * @param options `bufferSize`: how many events may wait.
   */
  iterate<K extends TypeOrPattern<M>>(typeOrPattern: K, options: { readonly bufferSize?: number } = {}): BoundedIterator<EventFor<M, K>> {
    return iterateOf(this.interop, typeOrPattern, options) as unknown as BoundedIterator<EventFor<M, K>>
  }

  /**
   * Publishes every event of an Observable (as `publish` does, without waiting); a rejected
   * publish or an error of the source is reported on `errors$` and logged, never thrown.
   *
   * @param source$ The events to publish.
   * @returns The subscription to the source: unsubscribe to stop.
   */
  connect(source$: Observable<Event<object>>): Subscription {
    return publishFrom(this.interop, source$)
  }

  /**
   * Runs a stream function over `events$` and publishes what it emits (like NestJS sagas and
   * redux-observable epics), as follow-ups that never wait for queue room. A saga that errors
   * is reported on `errors$` and subscribed again after a delay on the bus's scheduler, at most
   * `retry.count` times in a row (see {@link SagaOptions}); it ends when the bus stops.
   *
   * @example
   * bus.saga((events$) => events$.pipe(ofType(DocumentEventTypes.OCR_COMPLETED), map((e) => nextStep(e))))
   *
   * @param saga A function from the bus's events to events to publish.
   * @param options `retry`: default `{ count: 10, delayMs: 100, backoff: 'exponential' }`.
   * @returns The saga's subscription: unsubscribe to stop it.
   * @throws EventValidationError when `saga` is not a function or `retry` is malformed.
   */
  saga(saga: (events$: Observable<EventFor<M, TypeOrPattern<M>>>) => Observable<Event<object>>, options: SagaOptions = {}): Subscription {
    return runSaga(this.interop, saga as unknown as (events$: Observable<Event>) => Observable<Event<object>>, options)
  }

  /**
   * Live snapshots: one at once, then every `metricsIntervalMs` on the bus's scheduler;
   * completes on `stop()`. One shared stream per run, derived by `scan` over the metrics
   * accumulator (which a reducer folds every outcome into).
   */
  get metrics$(): Observable<MetricsSnapshot> {
    return this.view.metrics$()
  }

  /** The current metrics snapshot: exact counts (right after `drain()` they include every handled event). */
  getMetrics(): MetricsSnapshot {
    return this.view.snapshot()
  }

  /** A readiness report for health checks. */
  health(): BusHealth {
    return this.view.health()
  }
}

/**
 * The payload type of an entry of an {@link EventMap}.
 *
 * @category bus
 * @since 0.1.0
 */
export type PayloadOf<V> = V extends Event<infer P> ? P : V
