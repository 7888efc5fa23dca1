import { context, type Tracer } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'

/** An SDK tracer whose spans end up in memory, with the async-hooks context manager registered (as NodeSDK does). */
export interface Tracing {
  readonly tracer: Tracer
  readonly exporter: InMemorySpanExporter
  /** The finished spans, by name (throws naming the missing one). */
  span(name: string): ReadableSpan
  spans(): ReadableSpan[]
  shutdown(): Promise<void>
}

export function tracing(): Tracing {
  const manager = new AsyncLocalStorageContextManager().enable()
  context.setGlobalContextManager(manager)
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans()
  return {
    tracer: provider.getTracer('spec'),
    exporter,
    spans,
    span(name) {
      const found = spans().filter((s) => s.name === name)
      if (found.length !== 1)
        throw new Error(
          `expected one span '${name}', found ${found.length} among [${spans()
            .map((s) => s.name)
            .join(', ')}]`,
        )
      return found[0]
    },
    async shutdown() {
      await provider.shutdown()
      context.disable()
    },
  }
}

/** The parent span id of a finished span (undefined for a root). */
export const parentOf = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId

/** The span id of a finished span. */
export const idOf = (s: ReadableSpan): string => s.spanContext().spanId

/** The trace id of a finished span. */
export const traceOf = (s: ReadableSpan): string => s.spanContext().traceId
