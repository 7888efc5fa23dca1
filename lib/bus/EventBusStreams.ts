import type { Observable, Subscription } from 'rxjs'
import type { Event } from '../events/Event'
import type { DisposableSubscription } from './dispose'
import { EventBusCore } from './EventBusCore'
import { eventsOf, iterateOf, nextOf, publishFrom, runSaga } from './interop'
import type { DisposableIterator } from './iterate'
import type { AnyEventMap, EventFor, EventMap, EventUnion, IterateOptions, OnceOptions, SagaOptions, TypeOrPattern } from './types'

/**
 * The RxJS and async-iteration side of an {@link EventBus}: `events$`, `on`, `once`, `iterate`,
 * `publishFrom` and `saga`. Not built on its own: every member is reached through `EventBus`,
 * which extends it.
 *
 * @typeParam M Maps event type names to event classes or payload types (see {@link EventMap}).
 * @category bus
 * @since 0.2.0
 */
export abstract class EventBusStreams<M extends EventMap = AnyEventMap> extends EventBusCore {
  /**
   * Every event that passed the middleware, as handlers see it (hot; completes on `stop()`),
   * typed as the union of `M`'s events: narrow it with `ofType`.
   */
  get events$(): Observable<EventUnion<M>> {
    return this.parts.lifecycle.streams.events$ as unknown as Observable<EventUnion<M>>
  }

  /**
   * The events of a type or pattern, as a hot Observable. To register a handler, use
   * `subscribe(type, handler)` or `on(type).subscribe(fn)`: a second argument throws a `TypeError`
   * (emitter habits must not fail silently).
   *
   * @param typeOrPattern An event type or a pattern.
   * @throws TypeError when given a second argument.
   */
  on<K extends TypeOrPattern<M>>(typeOrPattern: K, ...unexpected: readonly never[]): Observable<EventFor<M, K>> {
    if (unexpected.length > 0) {
      throw new TypeError(`on('${typeOrPattern}') takes no handler: it returns an Observable. Use bus.subscribe(type, handler), or bus.on(type).subscribe(fn)`)
    }
    return eventsOf(this.interop, typeOrPattern) as unknown as Observable<EventFor<M, K>>
  }

  /**
   * A Promise of the next event of a type or pattern.
   *
   * @param typeOrPattern An event type or a pattern.
   * @param options See {@link OnceOptions}: `timeoutMs`, `filter`, `signal`.
   * @returns Rejects with a `TimeoutError` after `timeoutMs`, with the signal's `reason` when it
   *   aborts, with an `EmptyError` when the bus stops first.
   * @throws TypeError when `options` is a function (a handler: use `subscribe`).
   */
  once<K extends TypeOrPattern<M>>(typeOrPattern: K, options: OnceOptions<EventFor<M, K>> = {}): Promise<EventFor<M, K>> {
    if (typeof options === 'function') {
      throw new TypeError(
        `once('${typeOrPattern}') takes options, not a handler: it returns a Promise. Use await bus.once(type), or bus.subscribe(type, handler)`,
      )
    }
    return nextOf(this.interop, typeOrPattern, options as OnceOptions) as unknown as Promise<EventFor<M, K>>
  }

  /**
   * A bounded `AsyncIterable` of the events of a type or pattern: at most `bufferSize`
   * (default 1,000) wait; on overflow the oldest is dropped and counted in `dropped`.
   * Ends when the bus stops, on `break`, on `[Symbol.dispose]()` (`using`), or when `signal` aborts.
   *
   * @example
   * for await (const e of bus.iterate('document.>', { bufferSize: 100, signal: AbortSignal.timeout(5000) })) console.log(e.eventType)
   *
   * @param typeOrPattern An event type or a pattern.
   * @param options See {@link IterateOptions}: `bufferSize`, `signal`.
   */
  iterate<K extends TypeOrPattern<M>>(typeOrPattern: K, options: IterateOptions = {}): DisposableIterator<EventFor<M, K>> {
    return iterateOf(this.interop, typeOrPattern, options) as unknown as DisposableIterator<EventFor<M, K>>
  }

  /**
   * Publishes every event of an Observable (as `publish` does, without waiting); a rejected
   * publish or an error of the source is reported on `errors$` and logged, never thrown.
   *
   * @example
   * bus.publishFrom(interval(1000).pipe(map((n) => new Event({ eventType: 'clock.ticked', payload: { n } }))))
   *
   * @param source$ The events to publish.
   * @returns The subscription to the source: unsubscribe (or dispose) to stop.
   */
  publishFrom(source$: Observable<Event<object>>): DisposableSubscription {
    return publishFrom(this.interop, source$)
  }

  /**
   * Publishes every event of an Observable: the 0.1 name of {@link EventBusStreams.publishFrom}.
   *
   * @deprecated Use `publishFrom(source$)` (`connect` clashes with RxJS's `connect` operator). Removed in 0.3.
   * @param source$ The events to publish.
   * @returns The subscription to the source.
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
  saga(saga: (events$: Observable<EventUnion<M>>) => Observable<Event<object>>, options: SagaOptions = {}): DisposableSubscription {
    return runSaga(this.interop, saga as unknown as (events$: Observable<Event>) => Observable<Event<object>>, options)
  }
}
