import assert from 'node:assert/strict'
import { NEVER } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Event } from '@torematrix/event-bus'
import { createTestBus, deadLetterReasons } from '@torematrix/event-bus/testing'

export function main(): void {
  const scheduler = new TestScheduler((actual, expected) => {
    assert.deepEqual(actual, expected)
  })
  scheduler.run(({ cold, expectObservable }) => {
    const bus = createTestBus(scheduler)
    let calls = 0
    // fails twice, then hangs: retries after 10 and 20 ms (exponential), then a 50 ms timeout
    bus.subscribe(
      'payment.capture',
      () => {
        calls++
        if (calls < 3) throw new Error('gateway down')
        return NEVER
      },
      { retry: { count: 2, delayMs: 10, backoff: 'exponential' }, timeoutMs: 50 },
    )
    bus.publishFrom(cold('a', { a: new Event({ eventType: 'payment.capture' }) }))
    // first call at 0, retries at 10 and 30, the third call times out at 80
    expectObservable(bus.deadLetters$.pipe(deadLetterReasons())).toBe('80ms x', { x: 'retries-exhausted:payment.capture' })
  })
}
