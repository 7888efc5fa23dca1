import { type Meter, type TextMapPropagator, trace, type Tracer } from '@opentelemetry/api'
import type { EventBus } from '../bus/EventBus'
import type { EventMap } from '../bus/types'
import type { BusTracer } from '../dispatch/tracing'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { closest } from '../internal/closest'
import { renderValue } from '../internal/render'
import { IN_PROCESS_SYSTEM, INSTRUMENTATION_SCOPE } from './attributes'
import { type BusMetricsSource, observeBusMetrics } from './busMetrics'
import { OtelTracer } from './OtelTracer'

/**
 * The options of {@link otelInstrumentation}.
 *
 * @category otel
 * @since 0.2.0
 */
export interface OtelInstrumentationOptions {
  /**
   * Starts the spans. Default: `trace.getTracer('@torematrix/event-bus', version)`, the global
   * tracer provider's (registered before or after this call).
   */
  readonly tracer?: Tracer
  /**
   * Writes the trace context into an event's `metadata` and reads it back. Default: the global
   * propagator (`propagation`, as `NodeSDK` registers it) when one is registered, else the W3C
   * Trace Context headers `traceparent` and `tracestate`.
   */
  readonly propagator?: TextMapPropagator
  /**
   * Observes the bus's metrics (see {@link OTEL_METRICS}) with this meter, for example
   * `metrics.getMeter('@torematrix/event-bus')`: asynchronous instruments read from
   * `bus.getMetrics()` in one batch callback when the meter collects, so nothing runs per event.
   * Default: none (no metrics).
   *
   * @since 0.2.0
   */
  readonly meter?: Meter
}

/**
 * What {@link otelInstrumentation} returns.
 *
 * @category otel
 * @since 0.2.0
 */
export interface OtelInstrumentation {
  /**
   * Stops tracing the bus (idempotent): no span starts after it; the spans of running calls still
   * end. With a `meter`, also removes the metrics' batch callback (the instruments report nothing more).
   */
  uninstall(): void
}

/** An instrumentable bus (`EventBus` with its internal hook: `./otel` reaches no further into the core). */
interface Instrumentable extends BusMetricsSource {
  instrument(tracer: BusTracer | null): { readonly previous: BusTracer | null; readonly transport: string | null }
}

const METER_METHODS: readonly string[] = Object.freeze([
  'createObservableCounter',
  'createObservableUpDownCounter',
  'addBatchObservableCallback',
  'removeBatchObservableCallback',
])

const OPTION_KEYS: readonly string[] = Object.freeze(['tracer', 'propagator', 'meter'])

/**
 * Traces a bus with OpenTelemetry: a producer span per publish and a consumer span per handler
 * attempt, by the messaging semantic conventions (see {@link OTEL_ATTRIBUTES}). The trace context
 * travels in the event's `metadata` (`traceparent`, `tracestate`): to the handlers in process,
 * through `context.publish` (the handler runs with its span active, so follow-ups are its
 * children), and across processes in the message a transport sends. A failed, timed-out or
 * abandoned attempt sets status ERROR and records the exception. Without it the bus has no
 * tracing cost beyond a null check per publish and per call. Given a `meter`, it also observes the
 * bus's metrics ({@link OTEL_METRICS}), read from `getMetrics()` only when the meter collects.
 *
 * ```text
 * process A:  "order.placed publish" (PRODUCER)
 *               └─ process B:  "order.placed process" (CONSUMER, handler ship)
 *                                └─ "order.shipped publish" (PRODUCER: context.publish)
 *                                     └─ "order.shipped process" (CONSUMER, handler notify)
 * ```
 *
 * @example
 * import { otelInstrumentation } from '@torematrix/event-bus/otel'
 * import { metrics } from '@opentelemetry/api'
 * const tracing = otelInstrumentation(bus) // the global tracer provider and propagator
 * // or with metrics too: otelInstrumentation(bus, { meter: metrics.getMeter('@torematrix/event-bus') })
 * // ... later
 * tracing.uninstall()
 *
 * @param bus The bus to trace (one instrumentation at a time).
 * @param options See {@link OtelInstrumentationOptions}.
 * @returns `uninstall()`.
 * @throws EventValidationError when `bus` is not an `EventBus`, an option is malformed or
 *   unknown, or the bus is traced already.
 * @category otel
 * @since 0.2.0
 */
export function otelInstrumentation<M extends EventMap>(bus: EventBus<M>, options: OtelInstrumentationOptions = {}): OtelInstrumentation {
  const target = checked(bus, options)
  const otel = new OtelTracer(
    options.tracer ?? trace.getTracer(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version),
    options.propagator ?? null,
    IN_PROCESS_SYSTEM,
  )
  const { previous, transport } = target.instrument(otel)
  if (previous !== null) {
    target.instrument(previous)
    throw invalid([{ path: 'bus', expected: 'a bus not traced yet (uninstall() the first otelInstrumentation)', actual: 'a traced bus' }])
  }
  if (transport !== null) otel.system = transport
  let unobserve: () => void = () => undefined
  if (options.meter !== undefined) {
    try {
      unobserve = observeBusMetrics(options.meter, target)
    } catch (error) {
      target.instrument(null) // a meter that fails leaves the bus as it found it
      throw error
    }
  }
  let installed = true
  return {
    uninstall(): void {
      if (!installed) return
      installed = false
      target.instrument(null)
      unobserve()
    },
  }
}

function checked(bus: unknown, options: unknown): Instrumentable {
  const issues: ValidationIssue[] = []
  if (typeof bus !== 'object' || bus === null || typeof (bus as Partial<Instrumentable>).instrument !== 'function') {
    issues.push({ path: 'bus', expected: 'an EventBus', actual: renderValue(bus) })
  }
  if (typeof options !== 'object' || options === null) issues.push({ path: 'options', expected: 'an object', actual: renderValue(options) })
  else {
    const o = options as Record<string, unknown>
    for (const key of Object.keys(o)) {
      if (OPTION_KEYS.includes(key)) continue
      const near = closest(key, OPTION_KEYS)
      issues.push({
        path: `options.${key}`,
        expected: near === undefined ? 'no such option' : `no such option; did you mean '${near}'?`,
        actual: renderValue(o[key]),
      })
    }
    if (o['tracer'] !== undefined && !hasMethods(o['tracer'], 'startSpan')) {
      issues.push({ path: 'options.tracer', expected: 'an OpenTelemetry Tracer (with startSpan)', actual: renderValue(o['tracer']) })
    }
    if (o['meter'] !== undefined && !hasMethods(o['meter'], ...METER_METHODS)) {
      issues.push({ path: 'options.meter', expected: `an OpenTelemetry Meter (with ${METER_METHODS.join(', ')})`, actual: renderValue(o['meter']) })
    }
    if (o['propagator'] !== undefined && !hasMethods(o['propagator'], 'inject', 'extract', 'fields')) {
      issues.push({ path: 'options.propagator', expected: 'a TextMapPropagator (inject, extract, fields)', actual: renderValue(o['propagator']) })
    }
  }
  if (issues.length > 0) throw invalid(issues)
  return bus as Instrumentable
}

function hasMethods(value: unknown, ...names: readonly string[]): boolean {
  return typeof value === 'object' && value !== null && names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function')
}

function invalid(issues: ValidationIssue[]): EventValidationError {
  return new EventValidationError('otelInstrumentation(bus, options)', issues)
}
