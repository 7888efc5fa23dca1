import assert from 'node:assert/strict'
import { timer } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Event } from '@torematrix/event-bus'
import { createTestBus, MarbleRecorder } from '@torematrix/event-bus/testing'

export function main(): void {
  const scheduler = new TestScheduler((actual, expected) => {
    assert.deepEqual(actual, expected)
  })
  scheduler.run(({ cold, flush }) => {
    const bus = createTestBus(scheduler)
    bus.subscribe('job.run', (_e, ctx) => {
      void ctx.publish(new Event({ eventType: 'job.started' }))
      return timer(4)
    })
    const recorder = new MarbleRecorder(bus.events$, scheduler)
    bus.publishFrom(cold('r 5ms r', { r: new Event({ eventType: 'job.run' }) }))
    flush()
    // what the bus published, drawn as a marble diagram
    assert.equal(
      recorder.toMarbles((e) => (e.eventType === 'job.run' ? 'r' : 's')),
      '(rs) 2ms (rs)',
    )
  })
}
