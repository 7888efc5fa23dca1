import type { Observable } from 'rxjs'
import type { BusTracer } from '../dispatch/tracing'
import type { BaseMiddleware } from '../middleware/BaseMiddleware'
import type { Middleware } from '../middleware/Middleware'
import { instrument } from './instrument'
import { checkSignal, type DisposableSubscription, disposable } from './dispose'
import { EventBusStreams } from './EventBusStreams'
import { historyOf } from '../history/historyOf'
import type { HistoryQuery } from '../history/HistoryOptions'
import type { AnyEventMap, DeadLetter, EmitArgs, EventFor, EventHandler, EventMap, PublishableEvent } from './types'
import type { PublishOptions, PublishResult, SubscribeOptions, TypeOrPattern } from './types'

/**
 * A reactive, type-safe event bus. Events flow through one chain: `publish` → admission →
 * middleware (RxJS operators composed with `pipe`, by priority) → `routeTo` (one route per
 * type) → each subscription's `dispatch` (at most `concurrency` handler calls at once, the rest
 * waiting in a bounded priority queue) → `settle`, which folds each outcome into the metrics.
 * Every handler call is isolated: a throw, a rejection, an Observable error or a timeout is
 * counted, logged, and sent to `deadLetters$`; the bus and every other handler keep running.
 *
 * On `EventBus<M>` every path that names or carries an event is checked against the map `M`:
 * `publish`, `emit`, `context.publish`, `context.emit`, `subscribe`, `events$`, `ofType`.
 *
 * @example
 * type AppEvents = { 'order.placed': { orderId: string; amount: number } }
 * const bus = new EventBus<AppEvents>()
 * await bus.start()
 * bus.subscribe('order.placed', (e) => console.log(e.payload.orderId))
 * await bus.publish(new Event({ eventType: 'order.placed', payload: { orderId: 'o1', amount: 3 } }))
 * bus.emit('order.placed', { orderId: 'o2', amount: 5 })
 * await bus.stop()
 *
 * @typeParam M Maps event type names to event classes or payload types (see {@link EventMap}).
 * @category bus
 * @since 0.1.0
 */
export class EventBus<M extends EventMap = AnyEventMap> extends EventBusStreams<M> {
  // publishing

  /**
   * Publishes an event. Resolves when the event is accepted (queued), or, with
   * `{ waitFor: 'handled' }`, with every handler's outcome. A plain object is decoded with
   * the event codecs first.
   *
   * @param event An `Event` (or subclass) whose `eventType` is a key of `M` and whose payload or
   *   class fits its entry (see {@link PublishableEvent}); at run time a plain object that decodes to one is taken too.
   * @param options See {@link PublishOptions}.
   * @returns `undefined` once accepted, or a {@link PublishResult} with `waitFor: 'handled'`.
   *   Rejects with `BusNotStartedError` (not running), `EventValidationError` (not an event),
   *   or `QueueOverflowError` (queue full under the `'reject'` policy).
   */
  publish(event: PublishableEvent<M>, options: PublishOptions & { readonly waitFor: 'handled' }): Promise<PublishResult>
  publish(event: PublishableEvent<M>, options?: PublishOptions): Promise<PublishResult | undefined>
  publish(event: PublishableEvent<M>, options?: PublishOptions): Promise<PublishResult | undefined> {
    return this.parts.admission.publish(event, options, 'publish')
  }

  /**
   * Builds an `Event` and publishes it without waiting: it never throws, and a rejection
   * (bad type, bus not running, queue full) is logged and sent to `errors$`, never left
   * unhandled.
   *
   * @param eventType The event type, a key of `M`.
   * @param args The payload (required unless `M`'s payload for the type has no required field),
   *   then the other fields of the event (priority, correlationId, ...): see {@link EmitArgs}.
   */
  emit<K extends Extract<keyof M, string>>(eventType: K, ...args: EmitArgs<M, K>): void {
    this.parts.admission.emit(eventType, args[0], args[1])
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
   * @param options See {@link SubscribeOptions}; `signal` unsubscribes when it aborts.
   * @returns An RxJS `Subscription`: `unsubscribe()` (or `[Symbol.dispose]()`, for `using`) stops
   *   deliveries; waiting ones are cancelled.
   * @throws EventValidationError for a bad type, handler or option.
   */
  subscribe<K extends TypeOrPattern<M>>(
    typeOrPattern: K | readonly K[],
    handler: EventHandler<EventFor<M, K>, M>,
    options: SubscribeOptions<EventFor<M, K>> = {},
  ): DisposableSubscription {
    const signal = checkSignal((options as { readonly signal?: unknown } | undefined)?.signal, 'subscribe(typeOrPattern, handler, options)')
    return disposable(this.parts.subscriptions.subscribe(typeOrPattern, handler as unknown as EventHandler, options), signal)
  }

  /**
   * Removes every subscription of `handler` to `eventType` (as given to `subscribe`).
   *
   * @returns How many subscriptions were removed.
   * @see {@link EventBus.off}, its emitter-style alias.
   */
  unsubscribe(eventType: string, handler: EventHandler<never, M>): number {
    return this.parts.subscriptions.unsubscribe(eventType, handler)
  }

  /**
   * The emitter-style name of `unsubscribe(eventType, handler)` (mitt, Emittery, EventEmitter3):
   * removes every subscription of `handler` to `eventType`.
   *
   * @returns How many subscriptions were removed.
   */
  off(eventType: string, handler: EventHandler<never, M>): number {
    return this.parts.subscriptions.unsubscribe(eventType, handler)
  }

  /**
   * The past events of a type, pattern or array of them, as a cold Observable: oldest first,
   * read when subscribed, then complete. In process it reads the `history` ring; with a
   * transport, the broker's stream (decoded and upcast as inbound messages are).
   *
   * @example
   * const failed = await firstValueFrom(bus.history$('document.>', { filter: (e) => e.documentId === 'd1' }).pipe(toArray()))
   *
   * @param typeOrPattern What to read.
   * @param options `since`/`until` (epoch ms, inclusive), `limit` (the first n that match), `filter` (a predicate).
   * @throws EventValidationError for a bad type or option, or when the bus keeps no history.
   * @since 0.2.0
   */
  history$<K extends TypeOrPattern<M>>(typeOrPattern: K | readonly K[], options: HistoryQuery<EventFor<M, K>> = {}): Observable<EventFor<M, K>> {
    return historyOf(this.parts.history, typeOrPattern, options) as unknown as Observable<EventFor<M, K>>
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

  /**
   * @internal For `@torematrix/event-bus/otel`: installs a tracer's hooks (`null` removes them).
   * @returns The tracer it replaced, and the transport's name (null in process).
   */
  instrument(tracer: BusTracer | null): { readonly previous: BusTracer | null; readonly transport: string | null } {
    return instrument(this.parts, tracer)
  }
}
