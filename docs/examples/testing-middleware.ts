import assert from 'node:assert/strict'
import { TestScheduler } from 'rxjs/testing'
import { BaseMiddleware, Event } from '@torematrix/event-bus'
import { asOperator } from '@torematrix/event-bus/testing'

/** The middleware under test: drops events from the 'test' source. */
class DropTestTraffic extends BaseMiddleware {
  process(e: Event): Event | null {
    return e.source === 'test' ? null : e
  }
}

export function main(): void {
  const real = new Event({ eventType: 'user.created', source: 'web' })
  const fake = new Event({ eventType: 'user.created', source: 'test' })
  new TestScheduler((actual, expected) => {
    assert.deepEqual(actual, expected)
  }).run(({ hot, expectObservable, expectSubscriptions }) => {
    const source = hot('  --r--f--r--|', { r: real, f: fake })
    const sourceSubs = '  ^----------!'
    const expected = '    --r-----r--|'
    expectObservable(source.pipe(asOperator(new DropTestTraffic()))).toBe(expected, { r: real })
    expectSubscriptions(source.subscriptions).toBe(sourceSubs)
  })
}
