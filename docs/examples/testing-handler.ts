import assert from 'node:assert/strict'
import { map, timer } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Event } from '@torematrix/event-bus'
import { createTestBus, eventTypes } from '@torematrix/event-bus/testing'

export function main(): void {
  const scheduler = new TestScheduler((actual, expected) => {
    assert.deepEqual(actual, expected)
  })
  scheduler.run(({ cold, expectObservable }) => {
    // 1. a bus on the run's virtual clock, started, with a silent logger
    const bus = createTestBus(scheduler)
    // 2. the handler under test: takes 3 ms of (virtual) work, then publishes a follow-up
    bus.subscribe('order.placed', (_e, ctx) => timer(3).pipe(map(() => void ctx.publish(new Event({ eventType: 'order.billed' })))))
    // 3. drive the bus with marbles
    bus.publishFrom(cold('-a-----a', { a: new Event({ eventType: 'order.placed' }) }))
    // 4. assert what it published, frame by frame
    expectObservable(bus.events$.pipe(eventTypes())).toBe('-p--b--p--b', { p: 'order.placed', b: 'order.billed' })
  })
}
