import assert from 'node:assert/strict'
import { Event, EventBus, QueueOverflowError } from '@torematrix/event-bus'
import { createMockBus, type EventPublisher } from '@torematrix/event-bus/testing'

type Shop = {
  'order.placed': { orderId: string; amount: number }
  'order.rejected': { orderId: string }
}

/** The code under test: it only publishes, so it takes an EventPublisher, not a whole bus. */
class Checkout {
  constructor(private readonly bus: EventPublisher<Shop>) {}

  place(orderId: string, amount: number): void {
    if (amount <= 0) this.bus.emit('order.rejected', { orderId })
    else this.bus.emit('order.placed', { orderId, amount })
  }

  /** Resolves false when the bus refused the event. */
  async placeNow(orderId: string, amount: number): Promise<boolean> {
    const event = new Event({ eventType: 'order.placed', payload: { orderId, amount } })
    return this.bus.publish(event).then(
      () => true,
      () => false,
    )
  }
}

export async function main(): Promise<void> {
  // in production: the real bus
  assert.ok(new Checkout(new EventBus<Shop>()))

  // in a test: the mock records what was published, in order
  const bus = createMockBus<Shop>()
  const checkout = new Checkout(bus)
  checkout.place('o1', 30)
  checkout.place('o2', 0)
  assert.deepEqual(
    bus.published.map((e) => e.eventType),
    ['order.placed', 'order.rejected'],
  )
  assert.deepEqual(bus.publishedOf('order.placed')[0]?.payload, { orderId: 'o1', amount: 30 })
  assert.equal(bus.publishedOf('order.*').length, 2)
  bus.reset()

  // respond decides what publish resolves with, or makes it reject
  const full = createMockBus<Shop>({
    respond: () => {
      throw new QueueOverflowError('order.placed', 10_000)
    },
  })
  assert.equal(await new Checkout(full).placeNow('o3', 10), false)
}
