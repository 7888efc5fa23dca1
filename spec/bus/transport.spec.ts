import { DocumentEventTypes, EventBus, silentLogger, type Event, type Transport, type TransportDelivery } from '../../lib'
import { deferred, ev, settle } from '../helpers/fixtures'

/** A transport that records what the bus asks of it and lets the test decide when the broker answers. */
function fakeTransport(publishAck: Promise<void>, deadLetterAck: Promise<void>) {
  const published: string[] = []
  const inbound: { deliver: ((event: Event, delivery: TransportDelivery) => void) | null } = { deliver: null }
  const transport: Transport = {
    name: 'fake',
    connect: () => Promise.resolve(),
    publish: (event) => {
      published.push(event.eventType)
      return publishAck
    },
    subscribe: (_keys, _options, deliver) => {
      inbound.deliver = deliver
      return Promise.resolve({ pause: () => undefined, close: () => Promise.resolve() })
    },
    deadLetter: () => deadLetterAck,
    pause: () => undefined,
    close: () => Promise.resolve(),
    status: () => ({ connected: true, detail: 'fake' }),
  }
  return { transport, published, inbound }
}

describe('EventBus over a transport', () => {
  it('acknowledges a dead-lettered message only once its dead letter and its ErrorEvent are on the broker', async () => {
    const errorEventStored = deferred()
    const deadLetterStored = deferred()
    const { transport, published, inbound } = fakeTransport(errorEventStored.promise, deadLetterStored.promise)
    const bus = new EventBus({ logger: silentLogger, transport, errorEvents: true })
    bus.subscribe('a.b', () => {
      throw new Error('boom')
    })
    await bus.start()
    await bus.ready()
    const settled: string[] = []
    const deliver = inbound.deliver
    if (deliver === null) throw new Error('the bus did not subscribe through the transport')
    deliver(ev('a.b'), { deliveryCount: 1, ack: () => settled.push('ack'), nak: () => settled.push('nak'), working: () => undefined })
    await settle()
    expect(published).toEqual([DocumentEventTypes.ERROR_OCCURRED])
    expect(settled).toEqual([])
    deadLetterStored.resolve()
    await settle()
    expect(settled).toEqual([]) // the ErrorEvent is not stored yet: a crash now must lead to a redelivery
    errorEventStored.resolve()
    await settle()
    expect(settled).toEqual(['ack'])
    await bus.stop()
  })
})
