import { map, type Observable } from 'rxjs'
import { DocumentEvent, ErrorEvent, Event, type EventBus, type EventFor, type HandlerContext, type KeysMatching, ofType } from '../../lib'
import { createTestBus } from '../../lib/testing'

// Compile-time checks of SPEC section 11: each promise has a line that must compile and a
// `@ts-expect-error` line that must not. tsc checks this file in `npm test` (and ts-jest
// type-checks it); the functions are never called with a real bus except in the last test.

type AppEvents = {
  'order.placed': { orderId: string; amount: number }
  'order.paid': { orderId: string }
  'order.line.added': { sku: string }
  'user.created': { name: string; age: number }
  'user.pinged': { note?: string }
  'document.processing.started': DocumentEvent
}

/** An interface map (no index signature). */
interface ShopEvents {
  'cart.opened': { cartId: string }
  'cart.closed': { cartId: string; total: number }
}

/** Exact type equality: `true` only when A and B are the same type (assign `true` to it to check). */
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

export function publishing(bus: EventBus<AppEvents>, dynamicType: string): unknown[] {
  // Event carries its type name, inferred from the literal
  const placed = new Event({ eventType: 'order.placed', payload: { orderId: 'o1', amount: 3 } })
  const literal: Equal<typeof placed.eventType, 'order.placed'> = true
  const dynamic = new Event({ eventType: dynamicType, payload: { orderId: 'o1', amount: 3 } })
  const wide: Equal<typeof dynamic.eventType, string> = true

  // publish is checked against the map
  void bus.publish(placed)
  void bus.publish(new DocumentEvent({ eventType: 'document.processing.started', documentId: 'd1' }))
  // @ts-expect-error: escape 1 of #14: a misspelt type (and a payload that does not fit)
  void bus.publish(new Event({ eventType: 'order.plcaed', payload: {} }))
  // @ts-expect-error: a known type with a payload that misses a field
  void bus.publish(new Event({ eventType: 'order.placed', payload: { orderId: 'o1' } }))
  // @ts-expect-error: a type name only known as a string needs a cast
  void bus.publish(dynamic)
  void bus.publish(dynamic as typeof placed)

  // emit: the payload is required unless the entry's payload has no required field
  bus.emit('order.placed', { orderId: 'o1', amount: 3 })
  bus.emit('user.pinged')
  bus.emit('user.pinged', { note: 'hi' }, { correlationId: 'c1' })
  // @ts-expect-error: escape 2 of #14: no payload where the map requires one
  bus.emit('order.placed')
  // @ts-expect-error: a payload field of the wrong type
  bus.emit('user.created', { name: 'ada', age: '36' })
  // @ts-expect-error: not a type of the map
  bus.emit('order.cancelled', {})

  // context.publish and context.emit (typed follow-ups)
  bus.subscribe('order.placed', async (e, context) => {
    await context.publish(new Event({ eventType: 'order.paid', payload: { orderId: e.payload.orderId } }))
    await context.emit('order.paid', { orderId: e.payload.orderId })
    // @ts-expect-error: escape 3 of #14: a follow-up of a type that is not in the map
    await context.publish(new Event({ eventType: 'order.cancelled', payload: {} }))
    // @ts-expect-error: context.emit checks the payload as well
    await context.emit('order.paid', { order: 'o1' })
    // @ts-expect-error: and requires it
    await context.emit('order.paid')
  })
  return [placed, literal, wide]
}

export function consuming(bus: EventBus<AppEvents>): unknown[] {
  // events$ is the union of the map's events; ofType by a key narrows it
  const amounts = bus.events$.pipe(
    ofType('order.placed'),
    map((e) => e.payload.amount),
  )
  const narrowed: Equal<typeof amounts, Observable<number>> = true
  // @ts-expect-error: a name that is not in the map
  bus.events$.pipe(ofType('order.plcaed'))
  // @ts-expect-error: the unchecked ofType<X>('...') of 0.1 is gone
  bus.events$.pipe(ofType<DocumentEvent>('user.created'))
  bus.events$.pipe(
    map((e) => {
      // @ts-expect-error: an un-narrowed union has no common payload field
      const id: string = e.payload.orderId
      return id
    }),
  )

  // ofType by an event class (instanceof)
  const docIds = bus.events$.pipe(
    ofType(DocumentEvent),
    map((e) => e.documentId),
  )
  const errors = bus.events$.pipe(
    ofType(ErrorEvent),
    map((e) => e.errorMessage),
  )

  // a pattern narrows to the entries it matches: 'order.*' is one segment
  const ids: string[] = []
  bus.subscribe('order.*', (e) => {
    const oneSegment: Equal<typeof e.eventType, 'order.placed' | 'order.paid'> = true
    ids.push(e.payload.orderId, String(oneSegment))
  })
  const patterns: [
    Equal<KeysMatching<AppEvents, 'order.>'>, 'order.placed' | 'order.paid' | 'order.line.added'>,
    Equal<KeysMatching<AppEvents, '*.*.started'>, 'document.processing.started'>,
    Equal<EventFor<AppEvents, 'order.*'>['eventType'], 'order.placed' | 'order.paid'>,
  ] = [true, true, true]
  bus.subscribe('order.>', (e) => {
    // @ts-expect-error: order.line.added has no orderId
    ids.push(e.payload.orderId)
  })
  // @ts-expect-error: not a type of the map, nor a pattern
  bus.subscribe('user.deleted', () => undefined)
  bus.subscribe('user.created', (e) => {
    // @ts-expect-error: no such payload field
    ids.push(e.payload.email)
  })
  const once: Promise<DocumentEvent> = bus.once('document.processing.started')
  return [amounts, narrowed, docIds, errors, once, patterns, ids]
}

export function interfaceMaps(bus: EventBus<ShopEvents>): unknown[] {
  // an interface is a map (no "Index signature for type 'string' is missing")
  bus.emit('cart.closed', { cartId: 'c1', total: 3 })
  const carts: string[] = []
  bus.subscribe('cart.*', (e) => void carts.push(e.payload.cartId))
  // @ts-expect-error: still checked
  bus.emit('cart.closed', { cartId: 'c1' })
  return [bus.events$.pipe(ofType('cart.opened')), carts]
}

export function cancellation(bus: EventBus<AppEvents>, signal: AbortSignal): unknown[] {
  // { signal } on once, iterate and subscribe; Symbol.dispose on what they return
  const sub = bus.subscribe('order.placed', () => undefined, { signal })
  const next = bus.once('order.paid', { signal, timeoutMs: 10 })
  const it = bus.iterate('order.*', { signal, bufferSize: 10 })
  sub[Symbol.dispose]()
  it[Symbol.dispose]()
  // @ts-expect-error: a signal is an AbortSignal
  bus.subscribe('order.placed', () => undefined, { signal: true })
  // emitter habits: on() takes no handler, off() is unsubscribe
  const handler = (): void => undefined
  bus.off('order.placed', handler)
  // @ts-expect-error: a handler given to on() (a TypeError at run time)
  bus.on('order.placed', handler)
  // publishFrom is the new name of connect
  const fed = bus.publishFrom(bus.on('order.placed'))
  fed[Symbol.dispose]()
  return [next]
}

/** A handler written for any bus still fits a typed one. */
const anyBusHandler = (e: Event, context: HandlerContext): string => context.handler.concat(e.eventType)

describe('typed buses (compile-time)', () => {
  it('compiles, and a typed bus runs the checked calls', async () => {
    const bus = createTestBus<AppEvents>()
    const seen: string[] = []
    bus.subscribe('user.created', (e) => void seen.push(`${e.payload.name}:${e.payload.age}`))
    bus.subscribe('order.*', anyBusHandler)
    bus.emit('user.created', { name: 'ada', age: 36 })
    await bus.drain()
    expect(seen).toEqual(['ada:36'])
    expect([publishing, consuming, interfaceMaps, cancellation].every((f) => typeof f === 'function')).toBe(true)
    await bus.stop()
  })
})
