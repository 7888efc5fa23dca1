import { ev, startedBus } from '../helpers/fixtures'

describe('EventBus.publish and subscribe', () => {
  it('publishes an unrouted event even when the logger throws on its debug line', async () => {
    const debug = (_fields: object, message?: string): void => {
      if (message?.startsWith('no subscription') === true) throw new Error('logger down')
    }
    const bus = await startedBus({ logger: { debug, info: jest.fn(), warn: jest.fn(), error: jest.fn() } })
    await expect(bus.publish(ev('nobody.here'), { waitFor: 'handled' })).resolves.toMatchObject({ status: 'unrouted' })
    await expect(bus.drain()).resolves.toBeUndefined()
    await bus.stop()
  })

  it('warns about the first unrouted event of a type, once until its subscriptions change, naming a close subscribed type', async () => {
    const warnLines: [object, string | undefined][] = []
    const debugLines: [object, string | undefined][] = []
    const logger = {
      debug: (fields: object, message?: string) => {
        debugLines.push([fields, message])
      },
      info: jest.fn(),
      warn: (fields: object, message?: string) => {
        warnLines.push([fields, message])
      },
      error: jest.fn(),
    }
    const bus = await startedBus({ logger })
    const unroutedLines = (): [object, string | undefined][] => warnLines.filter((c) => c[1]?.startsWith('no subscription for this event type') === true)
    bus.subscribe('order.placed', () => undefined)
    await bus.publish(ev('typo.evnet'))
    await bus.publish(ev('typo.evnet'))
    await bus.publish(ev('other.type'))
    await bus.publish(ev('order.plcaed'))
    await bus.publish(ev('Order.Placed'))
    expect(unroutedLines()).toEqual([
      [{ component: 'event-bus', eventType: 'typo.evnet' }, expect.stringContaining('no stream listening')],
      [{ component: 'event-bus', eventType: 'other.type' }, expect.stringContaining('no stream listening')],
      [{ component: 'event-bus', eventType: 'order.plcaed', nearest: 'order.placed' }, expect.stringContaining("did you mean 'order.placed'?")],
      [{ component: 'event-bus', eventType: 'Order.Placed', nearest: 'order.placed' }, expect.stringContaining("did you mean 'order.placed'?")],
    ])
    warnLines.length = 0
    // A subscription that comes and goes rebuilds the route: the next unrouted event is logged again.
    const sub = bus.subscribe('typo.evnet', () => undefined)
    await bus.publish(ev('typo.evnet'))
    sub.unsubscribe()
    await bus.publish(ev('typo.evnet'))
    await bus.publish(ev('typo.evnet'))
    expect(unroutedLines()).toHaveLength(1)
    // With a stream consumer listening and no close type, an unrouted type is only a debug line.
    const streamed = bus.events$.subscribe()
    await bus.publish(ev('stream.only.type'))
    streamed.unsubscribe()
    expect(unroutedLines()).toHaveLength(1)
    expect(debugLines.filter((c) => (c[0] as { eventType?: string }).eventType === 'stream.only.type')).toHaveLength(1)
    expect(bus.getMetrics().total.unroutedEvents).toBe(8)
    await bus.stop()
  })
})
