import { EventBus, Event, EventValidationError, QueueOverflowError, type PublishResult } from '../../lib'
import { createMockBus, createTestBus, type EventPublisher } from '../../lib/testing'

type AppEvents = {
  'order.placed': { orderId: string }
  'order.cancelled': { orderId: string; reason?: string }
  'user.created': { name: string }
}

/** Code under test: takes a publisher, so it receives the real bus or the mock. */
class Checkout {
  constructor(private readonly bus: EventPublisher<AppEvents>) {}
  place(orderId: string): void {
    this.bus.emit('order.placed', { orderId })
  }
  async cancel(orderId: string): Promise<PublishResult> {
    return this.bus.publish(new Event({ eventType: 'order.cancelled', payload: { orderId } }), { waitFor: 'handled' })
  }
}

describe('createMockBus', () => {
  it('records what code under test publishes and emits, in call order', async () => {
    const bus = createMockBus<AppEvents>()
    const checkout = new Checkout(bus)
    checkout.place('o1')
    await checkout.cancel('o1')
    checkout.place('o2')
    expect(bus.published.map((e) => [e.eventType, e.payload])).toEqual([
      ['order.placed', { orderId: 'o1' }],
      ['order.cancelled', { orderId: 'o1' }],
      ['order.placed', { orderId: 'o2' }],
    ])
    expect(bus.published.every((e) => e instanceof Event)).toBe(true)
    expect(bus.errors).toEqual([])
  })

  it('filters by type and by pattern', () => {
    const bus = createMockBus<AppEvents>()
    bus.emit('order.placed', { orderId: 'o1' })
    bus.emit('user.created', { name: 'ada' })
    bus.emit('order.cancelled', { orderId: 'o1' })
    expect(bus.publishedOf('order.placed').map((e) => e.payload.orderId)).toEqual(['o1'])
    expect(bus.publishedOf('order.*').map((e) => e.eventType)).toEqual(['order.placed', 'order.cancelled'])
    expect(bus.publishedOf('user.>').map((e) => e.eventType)).toEqual(['user.created'])
  })

  it('resolves publish as the real bus does: undefined once accepted, a PublishResult when handled', async () => {
    const bus = createMockBus()
    const e = new Event({ eventType: 'order.placed' })
    await expect(bus.publish(e)).resolves.toBeUndefined()
    await expect(bus.publish(e, { waitFor: 'accepted' })).resolves.toBeUndefined()
    await expect(bus.publish(e, { waitFor: 'handled' })).resolves.toEqual({ event: e, status: 'handled', outcomes: [], ok: true })
  })

  it('answers with respond, and rejects (publish) or records the error (emit) when it throws', async () => {
    const full = new QueueOverflowError('user.created', 1)
    const bus = createMockBus<AppEvents>({
      respond: (event) => {
        if (event.eventType === 'user.created') throw full
        return { event, status: 'unrouted', outcomes: [], ok: false }
      },
    })
    const result = await bus.publish(new Event({ eventType: 'order.placed', payload: { orderId: 'o1' } }), { waitFor: 'handled' })
    expect(result).toMatchObject({ status: 'unrouted', ok: false })
    await expect(bus.publish(new Event({ eventType: 'user.created', payload: { name: 'ada' } }))).rejects.toBe(full)
    expect(() => {
      bus.emit('user.created', { name: 'bob' })
    }).not.toThrow()
    expect(bus.errors).toEqual([full])
    expect(bus.published.map((e) => e.eventType)).toEqual(['order.placed', 'user.created', 'user.created'])
  })

  it('refuses what the real bus refuses, with an EventValidationError naming it', async () => {
    const bus = createMockBus()
    const publish = bus.publish as (event: unknown, options?: unknown) => Promise<unknown>
    await expect(publish(42)).rejects.toMatchObject({ name: 'EventValidationError', issues: [{ path: 'event' }] })
    await expect(publish(null)).rejects.toBeInstanceOf(EventValidationError)
    await expect(publish({ eventType: 5 })).rejects.toBeInstanceOf(EventValidationError)
    await expect(publish(new Event({ eventType: 'a.b' }), { waitFor: 'soon' })).rejects.toMatchObject({ issues: [{ path: 'options.waitFor' }] })
    expect(bus.published).toEqual([])
    expect(() => createMockBus({ respond: 'yes' as never })).toThrow(EventValidationError)
    expect(() => bus.publishedOf(7 as never)).toThrow(EventValidationError)
  })

  it('decodes a plain object as the real bus does', async () => {
    const bus = createMockBus()
    const json = new Event({ eventType: 'order.placed', payload: { orderId: 'o1' } }).toJSON()
    await bus.publish(json as never)
    expect(bus.published[0]).toBeInstanceOf(Event)
    expect(bus.published[0]?.id).toBe(json.id)
  })

  it('never throws from emit: a malformed event is recorded in errors', () => {
    const bus = createMockBus()
    expect(() => {
      bus.emit('Not A Type')
    }).not.toThrow()
    expect(bus.published).toEqual([])
    expect(bus.errors).toHaveLength(1)
    expect(bus.errors[0]).toBeInstanceOf(EventValidationError)
  })

  it('emits each recorded event on events$ (hot), with the init fields emit takes', () => {
    const bus = createMockBus<AppEvents>()
    bus.emit('order.placed', { orderId: 'before' })
    const seen: string[] = []
    const sub = bus.events$.subscribe((e) => seen.push(`${e.eventType}/${e.correlationId ?? ''}`))
    bus.emit('order.placed', { orderId: 'o1' }, { correlationId: 'c1' })
    sub.unsubscribe()
    expect(seen).toEqual(['order.placed/c1'])
  })

  it('forgets everything on reset, and mocks share nothing', () => {
    const bus = createMockBus()
    const other = createMockBus()
    bus.emit('order.placed')
    bus.emit('Bad Type')
    expect(other.published).toEqual([])
    bus.reset()
    expect(bus.published).toEqual([])
    expect(bus.errors).toEqual([])
    bus.emit('order.placed')
    expect(bus.published).toHaveLength(1)
  })

  it('is interchangeable with the real bus where an EventPublisher is taken', async () => {
    const bus = createTestBus<AppEvents>()
    const seen: string[] = []
    bus.subscribe('order.cancelled', (e) => {
      seen.push(e.payload.orderId)
    })
    const result = await new Checkout(bus).cancel('o7')
    expect(result).toMatchObject({ status: 'handled', ok: true })
    expect(seen).toEqual(['o7'])
    await bus.stop()
    expect(bus).toBeInstanceOf(EventBus)
  })
})
