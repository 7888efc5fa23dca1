import { context, type Tracer } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { EventBus, type EventBusOptions, silentLogger } from '../../lib'
import { otelInstrumentation } from '../../lib/otel'

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

/**
 * Registers, around each test of the file, a fresh {@link tracing} (handed to `set`) and, after
 * the test, the stop of the bus `current()` returns and the tracing's shutdown.
 */
export function tracingPerTest(set: (t: Tracing) => void, current: () => EventBus | undefined): void {
  let t: Tracing | undefined
  beforeEach(() => {
    t = tracing()
    set(t)
  })
  afterEach(async () => {
    const bus = current()
    if (bus?.isRunning === true) await bus.stop()
    await t?.shutdown()
  })
}

/** A started bus (silent logger, `options`) traced with `t`'s tracer. */
export async function startTraced(t: Tracing, options: EventBusOptions = {}): Promise<EventBus> {
  const bus = new EventBus({ logger: silentLogger, ...options })
  await bus.start()
  otelInstrumentation(bus, { tracer: t.tracer })
  return bus
}
