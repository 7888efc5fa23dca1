import assert from 'node:assert/strict'
import { map, timer } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Event } from '@torematrix/event-bus'
import { createTestBus, eventTypes } from '@torematrix/event-bus/testing'

/** The app's event map: each type name and its payload. */
type Shop = {
  'order.placed': { orderId: string }
  'order.billed': { orderId: string }
}

const placed = (orderId: string): Event<{ orderId: string }, 'order.placed'> => new Event({ eventType: 'order.placed', payload: { orderId } })

export async function main(): Promise<void> {
  // in virtual time: pass the TestScheduler; handlers see the map's payloads
  const scheduler = new TestScheduler((actual, expected) => {
    assert.deepEqual(actual, expected)
  })
  scheduler.run(({ cold, expectObservable }) => {
    const bus = createTestBus<Shop>(scheduler)
    bus.subscribe('order.placed', (e, ctx) =>
      timer(2).pipe(map(() => void ctx.publish(new Event({ eventType: 'order.billed', payload: { orderId: e.payload.orderId } })))),
    )
    bus.publishFrom(cold('-a', { a: placed('o1') }))
    expectObservable(bus.events$.pipe(eventTypes())).toBe('-p-b', { p: 'order.placed', b: 'order.billed' })
  })

  // in real time: no scheduler, await each handler's outcome
  const bus = createTestBus<Shop>()
  const billed: string[] = []
  bus.subscribe('order.placed', async (e) => {
    await Promise.resolve()
    billed.push(e.payload.orderId)
  })
  const result = await bus.publish(placed('o2'), { waitFor: 'handled' })
  assert.equal(result.ok, true)
  assert.deepEqual(billed, ['o2'])
  await bus.stop()
}
