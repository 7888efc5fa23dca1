import assert from 'node:assert/strict'
import { context, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { Event, EventBus, silentLogger } from '@torematrix/event-bus'
import { otelInstrumentation } from '@torematrix/event-bus/otel'

export async function main(): Promise<void> {
  // your OpenTelemetry setup (NodeSDK does the same: a tracer provider and an async-hooks context manager)
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())

  const bus = new EventBus({ logger: silentLogger })
  const tracing = otelInstrumentation(bus, { tracer: provider.getTracer('shop') }) // default: the global provider
  await bus.start()
  bus.subscribe('order.placed', async (e, ctx) => {
    await ctx.publish(new Event({ eventType: 'order.shipped', payload: { order: e.id } })) // a child of this handler's span
  })
  bus.subscribe('order.shipped', () => undefined)
  await bus.publish(new Event({ eventType: 'order.placed' }))
  await bus.drain()

  const spans = exporter.getFinishedSpans()
  const span = (name: string) => spans.find((s) => s.name === name)
  assert.equal(span('order.placed process')?.parentSpanContext?.spanId, span('order.placed publish')?.spanContext().spanId)
  assert.equal(span('order.shipped publish')?.parentSpanContext?.spanId, span('order.placed process')?.spanContext().spanId)
  assert.equal(new Set(spans.map((s) => s.spanContext().traceId)).size, 1) // one trace
  tracing.uninstall()
  await bus.stop()
  await provider.shutdown()
  context.disable()
  trace.disable()
}
