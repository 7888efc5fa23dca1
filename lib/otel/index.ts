/**
 * `@torematrix/event-bus/otel`: OpenTelemetry traces of a bus, by the messaging semantic
 * conventions, and its metrics through a given meter. Needs the optional peer
 * `@opentelemetry/api` 1.x (this entry point imports it; the core never does).
 *
 * @packageDocumentation
 */
export { otelInstrumentation, type OtelInstrumentation, type OtelInstrumentationOptions } from './otelInstrumentation'
export { OTEL_ATTRIBUTES } from './attributes'
export { OTEL_METRICS } from './busMetrics'
