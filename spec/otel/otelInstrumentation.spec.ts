import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { EventBus, type EventBusOptions, HandlerTimeoutError, silentLogger } from '../../lib'
import { OTEL_ATTRIBUTES as A, otelInstrumentation } from '../../lib/otel'
import { deferred, ev, settle } from '../helpers/fixtures'
import { testScheduler } from '../helpers/marbles'
import { idOf, parentOf, traceOf, startTraced, tracingPerTest, type Tracing } from './tracingSetup'

let t: Tracing
let bus: EventBus

tracingPerTest(
  (fresh) => (t = fresh),
  () => bus,
)

async function tracedBus(options: EventBusOptions = {}): Promise<EventBus> {
  return (bus = await startTraced(t, options))
}

describe('otelInstrumentation: spans in process', () => {
  it('links publish → handler → context.publish → its handler in one trace (async handlers, async-hooks context)', async () => {
    await tracedBus()
    const seen: Record<string, unknown>[] = []
    bus.subscribe(
      'order.placed',
      async (e, ctx) => {
        seen.push({ ...e.metadata })
        await settle() // the follow-up is published after an await: the active span comes through the context manager
        await ctx.publish(ev('order.shipped'))
      },
      { name: 'ship' },
    )
    bus.subscribe('order.shipped', async () => settle(), { name: 'notify' })
    const placed = ev('order.placed', {}, { correlationId: 'c-1' })
    await bus.publish(placed)
    await bus.drain()

    const p1 = t.span('order.placed publish')
    const c1 = t.span('order.placed process')
    const p2 = t.span('order.shipped publish')
    const c2 = t.span('order.shipped process')
    expect(parentOf(p1)).toBeUndefined()
    expect(parentOf(c1)).toBe(idOf(p1))
    expect(parentOf(p2)).toBe(idOf(c1))
    expect(parentOf(c2)).toBe(idOf(p2))
    expect(new Set([p1, c1, p2, c2].map(traceOf)).size).toBe(1)
    expect([p1.kind, c1.kind, p2.kind, c2.kind]).toEqual([SpanKind.PRODUCER, SpanKind.CONSUMER, SpanKind.PRODUCER, SpanKind.CONSUMER])
    // the published copy carries the producer span's context; the caller's event is untouched (immutable)
    expect(seen[0]).toEqual({ traceparent: `00-${traceOf(p1)}-${idOf(p1)}-01` })
    expect(placed.metadata).toEqual({})
    expect(p1.attributes).toEqual({
      [A.system]: 'torematrix',
      [A.operationType]: 'send',
      [A.operationName]: 'publish',
      [A.destination]: 'order.placed',
      [A.messageId]: placed.id,
      [A.conversationId]: 'c-1',
    })
    expect(c1.attributes).toEqual({
      [A.system]: 'torematrix',
      [A.operationType]: 'process',
      [A.operationName]: 'process',
      [A.destination]: 'order.placed',
      [A.messageId]: placed.id,
      [A.conversationId]: 'c-1',
      [A.handler]: 'ship',
      [A.attempt]: 1,
      [A.outcome]: 'fulfilled',
    })
    expect(c2.attributes[A.conversationId]).toBe('c-1') // the follow-up inherits the correlation
    expect(c1.status.code).toBe(SpanStatusCode.UNSET)
  })

  it('runs a synchronous handler with its span active: its follow-up is its child', async () => {
    await tracedBus()
    bus.subscribe('a', (_e, ctx) => void ctx.publish(ev('b')), { name: 'sync' })
    bus.subscribe('b', () => undefined)
    await bus.publish(ev('a'))
    await bus.drain()
    expect(parentOf(t.span('b publish'))).toBe(idOf(t.span('a process')))
    expect(parentOf(t.span('b process'))).toBe(idOf(t.span('b publish')))
  })

  it("parents a follow-up that copies its cause's metadata (and trace context) to the handler's span, not to the cause's producer", async () => {
    await tracedBus()
    bus.subscribe('a', (e, ctx) => ctx.publish(e.with({ id: null, eventType: 'b' })))
    bus.subscribe('b', () => undefined)
    await bus.publish(ev('a'))
    await bus.drain()
    expect(parentOf(t.span('b publish'))).toBe(idOf(t.span('a process')))
    expect(parentOf(t.span('b process'))).toBe(idOf(t.span('b publish')))
  })

  it('makes a publish inside an active span its child, and gives one consumer span per handler', async () => {
    await tracedBus()
    bus.subscribe('a', () => undefined, { name: 'one' })
    bus.subscribe('a', () => undefined, { name: 'two' })
    await t.tracer.startActiveSpan('request', async (request) => {
      await bus.publish(ev('a'))
      request.end()
    })
    await bus.drain()
    const p = t.span('a publish')
    expect(parentOf(p)).toBe(idOf(t.span('request')))
    const consumers = t.spans().filter((s) => s.name === 'a process')
    expect(consumers.map((s) => s.attributes[A.handler]).sort()).toEqual(['one', 'two'])
    expect(consumers.map(parentOf)).toEqual([idOf(p), idOf(p)])
  })

  it('continues the trace an event already carries when no span is active (an event from elsewhere, a redelivery)', async () => {
    await tracedBus()
    bus.subscribe('a', () => undefined)
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
    await bus.publish(ev('a', {}, { metadata: { traceparent, tracestate: 'vendor=1', tenant: 'acme' } }))
    await bus.drain()
    const p = t.span('a publish')
    expect(traceOf(p)).toBe('0af7651916cd43dd8448eb211c80319c')
    expect(parentOf(p)).toBe('b7ad6b7169203331')
    expect(p.spanContext().traceState?.get('vendor')).toBe('1')
    expect(parentOf(t.span('a process'))).toBe(idOf(p))
  })

  it('sets status ERROR, records the exception and error.type on a failed attempt; a retry is a new span with attempt 2', async () => {
    await tracedBus()
    const boom = new TypeError('no stock')
    let calls = 0
    bus.subscribe(
      'a',
      async () => {
        await settle()
        if (++calls === 1) throw boom
      },
      { name: 'flaky', retry: { count: 1, delayMs: 1 } },
    )
    await bus.publish(ev('a'), { waitFor: 'handled' })
    const attempts = t.spans().filter((s) => s.name === 'a process')
    expect(attempts).toHaveLength(2)
    const [first, second] = attempts
    expect(first.attributes).toMatchObject({ [A.attempt]: 1, [A.outcome]: 'rejected', [A.errorType]: 'TypeError' })
    expect(first.status).toEqual({ code: SpanStatusCode.ERROR, message: 'TypeError: no stock' })
    expect(first.events.map((e) => [e.name, e.attributes?.['exception.message']])).toEqual([['exception', 'no stock']])
    expect(second.attributes).toMatchObject({ [A.attempt]: 2, [A.outcome]: 'fulfilled' })
    expect(second.status.code).toBe(SpanStatusCode.UNSET)
  })

  it('describes a thrown non-Error by its rendering (a synchronous throw)', async () => {
    await tracedBus()
    bus.subscribe('a', () => {
      throw 'plain string' // eslint-disable-line @typescript-eslint/only-throw-error
    })
    await bus.publish(ev('a'), { waitFor: 'handled' })
    const c = t.span('a process')
    expect(c.status.code).toBe(SpanStatusCode.ERROR)
    expect(c.attributes[A.errorType]).toBe('_OTHER')
    expect(c.events[0]?.attributes?.['exception.message']).toBe(c.status.message)
  })

  it('ends a timed-out attempt with status ERROR and outcome timeout (virtual time)', async () => {
    const scheduler = testScheduler()
    await tracedBus({ scheduler })
    const never = deferred()
    bus.subscribe('a', () => never.promise, { name: 'stuck', timeoutMs: 50 })
    const handled = bus.publish(ev('a'), { waitFor: 'handled' })
    await settle()
    expect(t.spans().map((s) => s.name)).toEqual(['a publish']) // still running
    scheduler.schedule(() => undefined, 50)
    scheduler.flush()
    await handled
    const c = t.span('a process')
    expect(c.attributes).toMatchObject({ [A.outcome]: 'timeout', [A.errorType]: 'timeout', [A.handler]: 'stuck' })
    expect(c.status.code).toBe(SpanStatusCode.ERROR)
    expect(c.events[0]?.attributes?.['exception.type']).toBe(new HandlerTimeoutError('stuck', 'a', 'x', 50).name)
    never.resolve()
  })

  it('ends the span of a call that stop() abandons with outcome abandoned', async () => {
    await tracedBus()
    const never = deferred()
    bus.subscribe('a', () => never.promise, { name: 'stuck' })
    await bus.publish(ev('a'))
    await settle()
    await bus.stop({ timeoutMs: 1 })
    expect(t.span('a process').attributes).toMatchObject({ [A.outcome]: 'abandoned', [A.errorType]: 'HandlerAbandonedError' })
    never.resolve()
  })

  it('ends the span at once for a handler that returns a plain object, and fails it for a thenable whose then throws', async () => {
    await tracedBus()
    const plain = (() => ({ not: 'a promise' })) as unknown as () => void // a JavaScript handler may return anything
    bus.subscribe('a', plain, { name: 'plain' })
    const hostile = {
      get then(): never {
        throw new RangeError('then getter')
      },
    }
    bus.subscribe('b', () => hostile, { name: 'hostile' })
    expect((await bus.publish(ev('a'), { waitFor: 'handled' })).ok).toBe(true)
    expect((await bus.publish(ev('b'), { waitFor: 'handled' })).ok).toBe(false)
    expect(t.span('a process').attributes[A.outcome]).toBe('fulfilled')
    expect(t.span('b process').attributes).toMatchObject({ [A.outcome]: 'rejected', [A.errorType]: 'RangeError' })
  })

  it('ends an erroring Observable handler with status ERROR', async () => {
    await tracedBus()
    const { throwError } = await import('rxjs')
    bus.subscribe('a', () => throwError(() => new SyntaxError('stream broke')))
    expect((await bus.publish(ev('a'), { waitFor: 'handled' })).ok).toBe(false)
    expect(t.span('a process').attributes).toMatchObject({ [A.outcome]: 'rejected', [A.errorType]: 'SyntaxError' })
  })

  it('still ends a span that refuses attributes', async () => {
    bus = new EventBus({ logger: silentLogger })
    await bus.start()
    const ended: string[] = []
    const fragile = {
      startSpan: (name: string) => {
        const span = t.tracer.startSpan(name)
        return Object.assign(Object.create(span) as object, {
          setAttribute: () => {
            throw new Error('refused')
          },
          end: () => {
            ended.push(name)
            span.end()
          },
        })
      },
    }
    otelInstrumentation(bus, { tracer: fragile as never })
    bus.subscribe('a', () => {
      throw new Error('handler failed')
    })
    await bus.publish(ev('a'), { waitFor: 'handled' })
    expect(ended.sort()).toEqual(['a process', 'a publish'])
  })

  it('traces an Observable handler until it completes', async () => {
    await tracedBus()
    const { of, delay } = await import('rxjs')
    bus.subscribe('a', () => of(1).pipe(delay(1)))
    await bus.publish(ev('a'), { waitFor: 'handled' })
    expect(t.span('a process').attributes[A.outcome]).toBe('fulfilled')
  })
})
