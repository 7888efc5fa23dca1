import { propagation, trace, type TextMapPropagator } from '@opentelemetry/api'
import { EventBus, type EventBusOptions, EventValidationError, silentLogger } from '../../lib'
import { otelInstrumentation } from '../../lib/otel'
import { w3cTraceContext } from '../../lib/otel/w3cTraceContext'
import { ev } from '../helpers/fixtures'
import { startTraced, tracingPerTest, type Tracing } from './tracingSetup'

let t: Tracing
let bus: EventBus

tracingPerTest(
  (fresh) => (t = fresh),
  () => bus,
)

async function tracedBus(options: EventBusOptions = {}): Promise<EventBus> {
  return (bus = await startTraced(t, options))
}

describe('otelInstrumentation: install and uninstall', () => {
  it('records nothing after uninstall (idempotent), and can be installed again', async () => {
    bus = new EventBus({ logger: silentLogger })
    await bus.start()
    bus.subscribe('a', () => undefined)
    const tracing = otelInstrumentation(bus, { tracer: t.tracer })
    await bus.publish(ev('a'))
    await bus.drain()
    expect(t.spans()).toHaveLength(2)
    tracing.uninstall()
    tracing.uninstall()
    const plain = ev('a')
    let seen: unknown
    bus.subscribe('a', (e) => {
      seen = e
    })
    await bus.publish(plain)
    await bus.drain()
    expect(t.spans()).toHaveLength(2)
    expect(seen).toBe(plain) // no copy when untraced
    otelInstrumentation(bus, { tracer: t.tracer }).uninstall()
  })

  it('rejects a second instrumentation of the same bus, keeping the first', async () => {
    await tracedBus()
    expect(() => otelInstrumentation(bus, { tracer: t.tracer })).toThrow(/bus: expected a bus not traced yet/)
    bus.subscribe('a', () => undefined)
    await bus.publish(ev('a'))
    await bus.drain()
    expect(t.spans()).toHaveLength(2)
  })

  it('names what is wrong with its arguments', () => {
    bus = new EventBus({ logger: silentLogger })
    const call = (b: unknown, o: unknown) => () => otelInstrumentation(b as EventBus, o as never)
    expect(call({}, {})).toThrow(EventValidationError)
    expect(call({}, {})).toThrow(/bus: expected an EventBus/)
    expect(call(bus, null)).toThrow(/options: expected an object/)
    expect(call(bus, { tracr: t.tracer })).toThrow(/options\.tracr: expected no such option; did you mean 'tracer'\?/)
    expect(call(bus, { tracer: {} })).toThrow(/options\.tracer: expected an OpenTelemetry Tracer/)
    expect(call(bus, { propagator: { inject: () => undefined } })).toThrow(/options\.propagator: expected a TextMapPropagator/)
    expect(call(bus, { zzzzzzzzzz: 1 })).toThrow(/options\.zzzzzzzzzz: expected no such option/)
  })

  it('uses the given propagator, and the global one once registered (else W3C Trace Context)', async () => {
    const injected: string[] = []
    const custom: TextMapPropagator = {
      inject: (ctx, carrier, setter) => {
        injected.push('inject')
        w3cTraceContext.inject(ctx, carrier, setter)
        setter.set(carrier, 'x-custom', '1')
      },
      extract: (ctx, carrier, getter) => w3cTraceContext.extract(ctx, carrier, getter),
      fields: () => ['traceparent', 'tracestate', 'x-custom'],
    }
    bus = new EventBus({ logger: silentLogger })
    await bus.start()
    const tracing = otelInstrumentation(bus, { tracer: t.tracer, propagator: custom })
    const metadata: Record<string, unknown>[] = []
    bus.subscribe('a', (e) => void metadata.push({ ...e.metadata }))
    await bus.publish(ev('a', {}, { metadata: { 'x-custom': 'stale' } }))
    expect(injected).toEqual(['inject'])
    expect(metadata[0]).toMatchObject({ 'x-custom': '1', traceparent: expect.stringMatching(/^00-/) })
    tracing.uninstall()
    // the default: the global propagator once one is registered
    propagation.setGlobalPropagator(custom)
    try {
      otelInstrumentation(bus, { tracer: t.tracer })
      await bus.publish(ev('a'))
      expect(injected).toEqual(['inject', 'inject'])
    } finally {
      propagation.disable()
    }
  })

  it('never fails a publish or a handler when the tracer throws', async () => {
    bus = new EventBus({ logger: silentLogger })
    await bus.start()
    const broken = { ...t.tracer, startSpan: () => { throw new Error('tracer down') } } // prettier-ignore
    otelInstrumentation(bus, { tracer: broken })
    const seen: string[] = []
    bus.subscribe('a', (e) => void seen.push(e.eventType))
    const result = await bus.publish(ev('a'), { waitFor: 'handled' })
    expect(result.ok).toBe(true)
    expect(seen).toEqual(['a'])
  })

  it('takes a bus typed by its event map', async () => {
    const typed = new EventBus<{ 'order.placed': { readonly sku: string } }>({ logger: silentLogger })
    await typed.start()
    const tracing = otelInstrumentation(typed, { tracer: t.tracer })
    const skus: string[] = []
    typed.subscribe('order.placed', (e) => void skus.push(e.payload.sku))
    typed.emit('order.placed', { sku: 'a-1' })
    await typed.drain()
    expect(
      t
        .spans()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['order.placed process', 'order.placed publish'])
    tracing.uninstall()
    await typed.stop()
  })

  it('uses the global tracer provider by default', async () => {
    bus = new EventBus({ logger: silentLogger })
    await bus.start()
    const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base')
    const exporter = new InMemorySpanExporter()
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }))
    try {
      otelInstrumentation(bus)
      bus.subscribe('a', () => undefined)
      await bus.publish(ev('a'))
      await bus.drain()
      // a synchronous handler's span ends inside the publish's: the producer span covers the dispatch it starts
      expect(exporter.getFinishedSpans().map((s) => [s.name, s.instrumentationScope.name])).toEqual([
        ['a process', '@torematrix/event-bus'],
        ['a publish', '@torematrix/event-bus'],
      ])
    } finally {
      trace.disable()
    }
  })

  it('names the instrumentation scope with the package version', async () => {
    const { INSTRUMENTATION_SCOPE } = await import('../../lib/otel/attributes')
    const { version } = (await import('../../package.json')) as { version: string }
    expect(INSTRUMENTATION_SCOPE.version).toBe(version)
  })
})
