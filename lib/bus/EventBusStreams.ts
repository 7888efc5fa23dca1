import type { Observable, Subscription } from 'rxjs'
import type { Event } from '../events/Event'
import { EventBusCore } from './EventBusCore'
import { eventsOf, iterateOf, nextOf, publishFrom, runSaga } from './interop'
import type { BoundedIterator } from './iterate'
import type { AnyEventMap, EventFor, EventMap, SagaOptions, TypeOrPattern } from './types'

/**
 * The RxJS and async-iteration side of an {@link EventBus}: `on`, `once`, `iterate`, `connect`
 * and `saga`. Not built on its own: every member is reached through `EventBus`, which extends it.
 *
 * @typeParam M Maps event type names to event classes or payload types (see {@link EventMap}).
 * @category bus
 * @since 0.2.0
 */
export abstract class EventBusStreams<M extends EventMap = AnyEventMap> extends EventBusCore {
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
}
