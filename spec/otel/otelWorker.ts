/**
 * A traced bus in its own process for the cross-process tracing spec. Handles `trace.order`
 * (group `tracing`) by publishing a `trace.shipped` follow-up; prints {"ready":true}, then one
 * JSON line per finished span: {"span":{name,kind,traceId,spanId,parentSpanId,attributes}}.
 * Args: <nats url>.
 */
import { context } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { Event, EventBus, silentLogger } from '../../lib'
import { otelInstrumentation } from '../../lib/otel'
import { natsTransport } from '../../lib/transports/nats'
import { runBusWorker, say } from '../helpers/busWorker'

/** Writes each finished span as a line as it ends (an exporter, so nothing waits for a batch). */
class LineExporter extends InMemorySpanExporter {
  override export(spans: ReadableSpan[], done: Parameters<InMemorySpanExporter['export']>[1]): void {
    for (const s of spans) {
      const { traceId, spanId } = s.spanContext()
      say({ span: { name: s.name, kind: s.kind, traceId, spanId, parentSpanId: s.parentSpanContext?.spanId, attributes: s.attributes } })
    }
    super.export(spans, done)
  }
}

runBusWorker(async () => {
  const [url] = process.argv.slice(2)
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new LineExporter())] }).getTracer('worker')
  const bus = new EventBus({ logger: silentLogger, transport: natsTransport({ servers: url }) })
  otelInstrumentation(bus, { tracer })
  await bus.start()
  bus.subscribe(
    'trace.order',
    async (e, ctx) => {
      await new Promise((resolve) => setImmediate(resolve)) // the follow-up goes out after an await
      await ctx.publish(new Event({ eventType: 'trace.shipped', payload: { order: e.id } }))
    },
    { group: 'tracing', name: 'ship' },
  )
  return bus
})
