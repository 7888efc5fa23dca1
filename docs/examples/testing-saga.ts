import assert from 'node:assert/strict'
import { map, type Observable } from 'rxjs'
import { Event, ofType } from '@torematrix/event-bus'
import { MarbleMismatchError, testSaga } from '@torematrix/event-bus/testing'

/** The saga under test, as given to bus.saga: every placed order is billed. */
const billing = (events$: Observable<Event>): Observable<Event> =>
  events$.pipe(
    ofType('order.placed'),
    map((e) => new Event({ eventType: 'order.billed', payload: e.payload, correlationId: e.id })),
  )

export function main(): void {
  const placed = new Event({ id: 'p1', eventType: 'order.placed', payload: { orderId: 'o1' } })
  const other = new Event({ eventType: 'user.created', payload: { name: 'ada' } })
  const billed = new Event({ eventType: 'order.billed', payload: { orderId: 'o1' }, correlationId: 'p1' })

  // the input is hot; the saga's events are compared without their new id and timestamp
  testSaga(billing, '-p-u-p-|', '-b---b-|', { p: placed, u: other, b: billed })

  // a difference throws, drawing both diagrams (or pass { assert } to use your framework's)
  assert.throws(
    () => {
      testSaga(billing, '-p-u-p-|', '-b-b---|', { p: placed, u: other, b: billed })
    },
    (error: unknown) => error instanceof MarbleMismatchError && error.actualMarbles === '-b---b-|',
  )
}
