import { of, Subject } from 'rxjs'
import { Event, EventValidationError } from '../../lib'
import { createTestBus } from '../../lib/testing'
import { ev, startedBus } from '../helpers/fixtures'

// Habits of EventEmitter users that used to fail silently, the emitter-style names, the
// publishFrom rename, and context.emit (SPEC 11).

type Shop = {
  'order.placed': { orderId: string }
  'invoice.requested': { orderId: string }
  'order.noted': { note?: string }
}

describe('emitter habits', () => {
  it('on(type, handler) throws a TypeError that points to subscribe, and registers nothing', async () => {
    const bus = await startedBus()
    const handler = jest.fn()
    const call = (): unknown => (bus.on as (type: string, fn: () => void) => unknown)('a.one', handler)
    expect(call).toThrow(TypeError)
    expect(call).toThrow(/on\('a\.one'\) takes no handler.*bus\.subscribe\(type, handler\)/)
    await bus.publish(ev('a.one'))
    expect(handler).not.toHaveBeenCalled()
    await bus.stop()
  })

  it('once(type, handler) throws a TypeError: it takes options and returns a Promise', async () => {
    const bus = await startedBus()
    const call = (): unknown => (bus.once as (type: string, fn: () => void) => unknown)('a.one', () => undefined)
    expect(call).toThrow(TypeError)
    expect(call).toThrow(/returns a Promise.*subscribe/)
    await bus.stop()
  })

  it('off(type, handler) removes the handler, as unsubscribe does, and says how many', async () => {
    const bus = await startedBus()
    const got: string[] = []
    const handler = (e: Event): void => void got.push(e.eventType)
    bus.subscribe('a.one', handler)
    bus.subscribe('a.one', handler, { name: 'again' })
    await bus.publish(ev('a.one'), { waitFor: 'handled' })
    expect(bus.off('a.one', handler)).toBe(2)
    expect(bus.off('a.one', handler)).toBe(0)
    await bus.publish(ev('a.one'), { waitFor: 'handled' })
    expect(got).toEqual(['a.one', 'a.one'])
    await bus.stop()
  })
})

describe('publishFrom', () => {
  it('publishes every event of an Observable; unsubscribing (or disposing) stops it', async () => {
    const bus = await startedBus()
    const got: string[] = []
    bus.subscribe('a.*', (e) => void got.push(e.eventType))
    const source = new Subject<Event>()
    const fed = bus.publishFrom(source)
    source.next(ev('a.one'))
    await bus.drain()
    fed[Symbol.dispose]()
    expect(fed.closed).toBe(true)
    source.next(ev('a.two'))
    await bus.drain()
    expect(got).toEqual(['a.one'])
    await bus.stop()
  })

  it('reports a failing source under its new name', async () => {
    const bus = await startedBus()
    const messages: string[] = []
    bus.errors$.subscribe((e) => messages.push(e.message))
    const failing = new Subject<Event>()
    bus.publishFrom(failing)
    failing.error(new Error('source broke'))
    expect(messages).toEqual([expect.stringMatching(/^publishFrom: source failed: .*source broke/)])
    await bus.stop()
  })

  it('connect (deprecated) is the same call', async () => {
    const bus = await startedBus()
    const got: string[] = []
    bus.subscribe('a.*', (e) => void got.push(e.eventType))
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the alias kept for one minor version is under test
    const sub = bus.connect(of(ev('a.one')))
    await bus.drain()
    expect(got).toEqual(['a.one'])
    expect(sub.closed).toBe(true)
    await bus.stop()
  })
})

describe('context.emit', () => {
  it('publishes a typed follow-up that keeps causation, correlation and trace ids', async () => {
    const bus = createTestBus<Shop>()
    const requested: Event[] = []
    bus.subscribe('order.placed', (e, context) => context.emit('invoice.requested', { orderId: e.payload.orderId }, { source: 'billing' }))
    bus.subscribe('invoice.requested', (e) => void requested.push(e))
    const cause = new Event({ eventType: 'order.placed', payload: { orderId: 'o1' }, correlationId: 'story-1', traceIds: ['t1'] })
    await bus.publish(cause)
    await bus.drain()
    expect(requested).toHaveLength(1)
    const [followUp] = requested
    expect(followUp.payload).toEqual({ orderId: 'o1' })
    expect(followUp.metadata['causationId']).toBe(cause.id)
    expect(followUp.correlationId).toBe('story-1')
    expect(followUp.traceIds).toEqual(['t1'])
    expect(followUp.source).toBe('billing')
    await bus.stop()
  })

  it('takes no payload where none is required', async () => {
    const bus = createTestBus<Shop>()
    const noted: Event[] = []
    bus.subscribe('order.placed', (_e, context) => context.emit('order.noted'))
    bus.subscribe('order.noted', (e) => void noted.push(e))
    await bus.publish(new Event({ eventType: 'order.placed', payload: { orderId: 'o1' } }))
    await bus.drain()
    expect(noted.map((e) => e.payload)).toEqual([{}])
    await bus.stop()
  })

  it('rejects (never throws) when the event cannot be built', async () => {
    const bus = createTestBus()
    const outcome = deferredOutcome()
    bus.subscribe('a.one', (_e, context) => {
      let threw = false
      try {
        outcome.track(context.emit('not a type name'))
      } catch {
        threw = true
      }
      expect(threw).toBe(false)
    })
    await bus.publish(ev('a.one'), { waitFor: 'handled' })
    await expect(outcome.promise).rejects.toBeInstanceOf(EventValidationError)
    await bus.stop()
  })

  it('rejects once the attempt was abandoned, as context.publish does', async () => {
    const bus = createTestBus()
    let late: Promise<unknown> | undefined
    bus.subscribe(
      'a.one',
      (_e, context) =>
        new Promise<void>((resolve) => {
          context.signal.addEventListener('abort', () => {
            late = context.emit('a.two')
            resolve()
          })
        }),
      { timeoutMs: 5 },
    )
    await bus.publish(ev('a.one'), { waitFor: 'handled' })
    await bus.drain()
    expect(late).toBeDefined()
    await expect(late).rejects.toThrow(/timed out|timeout/i)
    await bus.stop()
  })
})

/** A slot for a promise made inside a handler, awaited by the test. */
function deferredOutcome(): { readonly promise: Promise<unknown>; track(p: Promise<unknown>): void } {
  let track: (p: Promise<unknown>) => void = () => undefined
  const promise = new Promise<unknown>((resolve, reject) => {
    track = (p) => {
      p.then(resolve, reject)
    }
  })
  return {
    promise,
    track: (p) => {
      track(p)
    },
  }
}
