import type { EventBus } from '../bus/EventBus'
import type { AnyEventMap, EventMap } from '../bus/types'

/**
 * What code that only publishes needs from a bus: `publish` and `emit`, with the very
 * signatures of `EventBus<M>` (a `Pick` of it, so the two never drift). Take this type where a
 * service publishes, and pass the real bus in production and {@link createMockBus} in tests.
 *
 * @example
 * class Checkout {
 *   constructor(private readonly bus: EventPublisher<AppEvents>) {}
 *   place(orderId: string): void {
 *     this.bus.emit('order.placed', { orderId })
 *   }
 * }
 * new Checkout(new EventBus<AppEvents>()) // the real bus fits
 * new Checkout(createMockBus<AppEvents>()) // and so does the mock
 *
 * @typeParam M The event map, as for `EventBus<M>`.
 * @category testing
 * @since 0.2.0
 */
export type EventPublisher<M extends EventMap = AnyEventMap> = Pick<EventBus<M>, 'publish' | 'emit'>
