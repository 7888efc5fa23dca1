import type { Observable } from 'rxjs'
import { Event, type EventBus } from '../../lib'
import { createMockBus, testSaga, type EventPublisher, type MockBus } from '../../lib/testing'

// Type tests of the testing entry: each line must compile; each @ts-expect-error line must not.

type AppEvents = { 'order.placed': { orderId: string }; 'user.created': { name: string } }

export function typeChecks(bus: EventBus<AppEvents>): unknown[] {
  const mock = createMockBus<AppEvents>()

  // the real bus and the mock are both publishers of the map
  const publishers: EventPublisher<AppEvents>[] = [bus, mock]
  const withStream: Pick<EventBus<AppEvents>, 'publish' | 'emit' | 'events$'> = mock
  const typed: MockBus<AppEvents> = mock

  // emit is checked against the map, as on the bus
  mock.emit('order.placed', { orderId: 'o1' })
  // @ts-expect-error: a misspelt type
  mock.emit('order.plcaed', { orderId: 'o1' })
  // @ts-expect-error: a payload that does not fit
  mock.emit('order.placed', { orderId: 1 })

  // publishedOf narrows to the entry
  const ids: string[] = mock.publishedOf('order.placed').map((e) => e.payload.orderId)
  // @ts-expect-error: not a key of the map nor a pattern
  mock.publishedOf('nope')

  // testSaga takes the saga shape of bus.saga and events as values
  const saga = (events$: Observable<Event>): Observable<Event> => events$
  testSaga(saga, '-a', '-a', { a: new Event({ eventType: 'order.placed' }) })
  // @ts-expect-error: values are events
  testSaga(saga, '-a', '-a', { a: 'order.placed' })
  // @ts-expect-error: a saga returns an Observable
  testSaga(() => 42, '-a', '-a')
  return [publishers, withStream, typed, ids]
}

describe('testing entry types', () => {
  it('compiles (checked by tsc and ts-jest)', () => {
    expect(typeof typeChecks).toBe('function')
  })
})
