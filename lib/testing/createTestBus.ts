import type { SchedulerLike } from 'rxjs'
import { EventBus } from '../bus/EventBus'
import { silentLogger } from '../bus/options'
import type { AnyEventMap, EventBusOptions, EventMap } from '../bus/types'

/**
 * A started bus with a silent logger. Given a scheduler, every timer of the bus (timeouts,
 * retries, metrics, stop deadline) runs on it: inside `TestScheduler.run`, pass the run's
 * scheduler and the whole bus runs in virtual time. Without one it runs on RxJS's
 * `asyncScheduler` (real time), for tests that `await bus.publish(e, { waitFor: 'handled' })`.
 *
 * @example
 * type AppEvents = { 'order.placed': { orderId: string } }
 * const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected))
 * scheduler.run(({ cold, expectObservable }) => {
 *   const bus = createTestBus<AppEvents>(scheduler)
 *   bus.subscribe('order.placed', () => timer(5))
 *   bus.publishFrom(cold('-a-', { a: new Event({ eventType: 'order.placed', payload: { orderId: 'o1' } }) }))
 *   expectObservable(bus.events$.pipe(eventTypes())).toBe('-x-', { x: 'order.placed' })
 * })
 *
 * @typeParam M The bus's event map, as for `EventBus<M>`.
 * @param scheduler A `TestScheduler` (or any `SchedulerLike`); default the bus's own (`asyncScheduler`).
 * @param options Other bus options (a `scheduler` here is used when the first argument is left out).
 * @returns A running bus (started synchronously).
 * @category testing
 * @since 0.1.0
 */
export function createTestBus<M extends EventMap = AnyEventMap>(scheduler?: SchedulerLike, options: EventBusOptions = {}): EventBus<M> {
  const bus = new EventBus<M>(scheduler === undefined ? { logger: silentLogger, ...options } : { logger: silentLogger, ...options, scheduler })
  void bus.start()
  return bus
}
