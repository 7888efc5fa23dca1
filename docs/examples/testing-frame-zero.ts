import assert from 'node:assert/strict'
import { TestScheduler } from 'rxjs/testing'
import { Event } from '@torematrix/event-bus'
import { createTestBus, eventTypes } from '@torematrix/event-bus/testing'

const a = new Event({ eventType: 'job.a' })
const b = new Event({ eventType: 'job.b' })

/** The frames `bus.events$` showed to an expectation made after `connect` (or before it). */
function seen(expectFirst: boolean, input: string): unknown {
  let frames: unknown
  const scheduler = new TestScheduler((actual) => {
    frames = actual
  })
  scheduler.run(({ cold, expectObservable }) => {
    const bus = createTestBus(scheduler)
    const expectation = (): void => {
      expectObservable(bus.events$.pipe(eventTypes())).toBe('')
    }
    if (expectFirst) expectation()
    bus.publishFrom(cold(input, { a, b }))
    if (!expectFirst) expectation()
  })
  return frames
}

export function main(): void {
  const next = (frame: number, value: string): unknown => ({ frame, notification: { kind: 'N', value, error: undefined } })
  // connect starts the cold source at once: its frame-0 value is published before the
  // expectation (scheduled for frame 0, after it) subscribes to the hot events$: 'a' is lost
  assert.deepEqual(seen(false, 'a-b'), [next(2, 'job.b')])
  // start the input at frame 1 and every value is seen
  assert.deepEqual(seen(false, '-a-b'), [next(1, 'job.a'), next(3, 'job.b')])
  // or make the expectation first
  assert.deepEqual(seen(true, 'a-b'), [next(0, 'job.a'), next(2, 'job.b')])
}
