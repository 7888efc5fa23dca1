import { Subject } from 'rxjs'
import type { EventBus } from '../bus/EventBus'
import type { AnyEventMap, EventFor, EventMap, PublishOptions, PublishResult, TypeOrPattern } from '../bus/types'
import { EventValidationError } from '../errors/EventValidationError'
import { Event, type EventInit, type Payload } from '../events/Event'
import { parseEvent } from '../events/parseEvent'
import { renderValue } from '../internal/render'
import { compilePattern, isPattern } from '../routing/pattern'
import type { EventPublisher } from './EventPublisher'

/**
 * Options of {@link createMockBus}.
 *
 * @typeParam M The event map, as for `EventBus<M>`.
 * @category testing
 * @since 0.2.0
 */
export interface MockBusOptions<M extends EventMap = AnyEventMap> {
  /**
   * What `publish(event, { waitFor: 'handled' })` resolves with; throw from it to make
   * `publish` reject (for example with a `QueueOverflowError`) and `emit` record the error in
   * {@link MockBus.errors}. Called for every recorded event. Default:
   * `{ event, status: 'handled', outcomes: [], ok: true }`.
   */
  readonly respond?: (event: EventFor<M, Extract<keyof M, string>>) => PublishResult
}

/**
 * A stand-in for the bus in code under test: `publish` and `emit` with the bus's own
 * signatures, recording every event instead of delivering it (the NestJS habit of a
 * `jest.fn()` on `publish`, without a test framework). It fits wherever an
 * {@link EventPublisher} (or a `Pick` of `EventBus<M>` with `events$`) is expected.
 *
 * @typeParam M The event map, as for `EventBus<M>`.
 * @category testing
 * @since 0.2.0
 */
export interface MockBus<M extends EventMap = AnyEventMap> extends EventPublisher<M>, Pick<EventBus<M>, 'events$'> {
  /** Each recorded event, as it is published or emitted (hot), typed as the union of `M`'s events. */
  readonly events$: EventBus<M>['events$']
  /** Every event published or emitted since the start or the last `reset()`, in call order, those that `respond` refused included (a live view). */
  readonly published: readonly EventFor<M, Extract<keyof M, string>>[]
  /** Failures the real bus would have reported instead of throwing: an `emit` whose event could not be built, or that `respond` refused. */
  readonly errors: readonly unknown[]
  /**
   * The recorded events of one type or pattern (`order.*`, `order.>`), in call order.
   *
   * @param typeOrPattern An event type or a pattern, as for `subscribe`.
   */
  publishedOf<K extends TypeOrPattern<M>>(typeOrPattern: K): readonly EventFor<M, K>[]
  /** Forgets what was recorded (`published` and `errors` become empty); `events$` stays open. */
  reset(): void
}

/**
 * A mock bus that records what code under test publishes: `publish` resolves as the real
 * bus's does (`undefined`, or a {@link PublishResult} with `waitFor: 'handled'`) and rejects
 * with `EventValidationError` on what the real bus refuses; `emit` builds the event as the
 * real bus does and never throws; `events$` emits each recorded event (hot). No handler runs.
 *
 * @example
 * const bus = createMockBus<AppEvents>()
 * new Checkout(bus).place('o1')                       // code under test takes an EventPublisher<AppEvents>
 * assert.equal(bus.publishedOf('order.placed').length, 1)
 * assert.deepEqual(bus.published[0]?.payload, { orderId: 'o1' })
 *
 * @typeParam M The event map, as for `EventBus<M>`.
 * @param options See {@link MockBusOptions}.
 * @returns A new mock (nothing is shared between mocks).
 * @throws EventValidationError when `options.respond` is not a function.
 * @category testing
 * @since 0.2.0
 */
export function createMockBus<M extends EventMap = AnyEventMap>(options: MockBusOptions<M> = {}): MockBus<M> {
  type Recorded = EventFor<M, Extract<keyof M, string>>
  const respond: unknown = options.respond ?? handled
  if (typeof respond !== 'function') throw invalid('createMockBus(options)', 'options.respond', 'a function (event) => PublishResult', respond)
  const recorded: Recorded[] = []
  const errors: unknown[] = []
  const subject = new Subject<Recorded>()

  const record = (event: Event<object>): PublishResult => {
    recorded.push(event as Recorded)
    subject.next(event as Recorded)
    return (respond as (event: Recorded) => PublishResult)(event as Recorded)
  }

  function publish(event: Event<object>, publishOptions: PublishOptions & { readonly waitFor: 'handled' }): Promise<PublishResult>
  function publish(event: Event<object>, publishOptions?: PublishOptions): Promise<PublishResult | undefined>
  function publish(input: unknown, publishOptions?: PublishOptions): Promise<PublishResult | undefined> {
    try {
      const event = eventOf(input)
      const waitFor: unknown = publishOptions?.waitFor // untrusted, as for the real bus
      if (waitFor !== undefined && waitFor !== 'accepted' && waitFor !== 'handled') {
        throw invalid('publish(event, options)', 'options.waitFor', "'accepted' or 'handled'", waitFor)
      }
      const result = record(event)
      return Promise.resolve(waitFor === 'handled' ? result : undefined)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  function emit(eventType: string, payload?: object, init?: Omit<EventInit<Payload>, 'eventType' | 'payload'>): void {
    try {
      record(new Event({ ...init, eventType, payload: payload as Record<string, unknown> | undefined }))
    } catch (error) {
      errors.push(error)
    }
  }

  return {
    publish,
    emit,
    events$: subject.asObservable() as unknown as MockBus<M>['events$'],
    published: recorded,
    errors,
    publishedOf<K extends TypeOrPattern<M>>(typeOrPattern: K): readonly EventFor<M, K>[] {
      if (typeof typeOrPattern !== 'string') throw invalid('publishedOf(typeOrPattern)', 'typeOrPattern', 'an event type or a pattern', typeOrPattern)
      const matches = isPattern(typeOrPattern) ? compilePattern(typeOrPattern) : (t: string): boolean => t === typeOrPattern
      return recorded.filter((e) => matches(e.eventType)) as unknown as EventFor<M, K>[]
    },
    reset(): void {
      recorded.length = 0
      errors.length = 0
    },
  }
}

/** The default response: handled, nothing failed (no handler ran). */
function handled(event: Event<object>): PublishResult {
  return { event: event as Event, status: 'handled', outcomes: [], ok: true }
}

/** What the real bus accepts: an `Event`, or a plain object that decodes to one. */
function eventOf(input: unknown): Event<object> {
  if (input instanceof Event) return input as Event<object>
  if (typeof input !== 'object' || input === null) throw invalid('publish(event)', 'event', 'an Event (or a plain object that decodes to one)', input)
  return parseEvent(input)
}

function invalid(subject: string, path: string, expected: string, actual: unknown): EventValidationError {
  return new EventValidationError(subject, [{ path, expected, actual: renderValue(actual) }])
}
