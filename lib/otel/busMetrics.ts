import type { Attributes, BatchObservableCallback, BatchObservableResult, Meter, Observable } from '@opentelemetry/api'
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot'
import { OTEL_ATTRIBUTES as A } from './attributes'

/**
 * The OpenTelemetry instruments `otelInstrumentation(bus, { meter })` registers: asynchronous
 * ones, read from `bus.getMetrics()` in one batch callback when the meter collects (nothing runs
 * per event). Units by OpenTelemetry's conventions (a count's unit is its thing in braces).
 *
 * ```text
 * torematrix.events.processed     counter         {event}  messaging.destination.name (the event type)
 * torematrix.events.failed        counter         {event}  messaging.destination.name: events with a failed handler
 * torematrix.events.dead_letters  counter         {event}  messaging.torematrix.dead_letter.reason
 * torematrix.handler.calls        counter         {call}   messaging.torematrix.handler, messaging.torematrix.outcome ('success' | 'error')
 * torematrix.queue.size           up-down counter {event}  events waiting for a handler now
 * torematrix.in_flight            up-down counter {call}   handler calls running now
 * ```
 *
 * The two current values are asynchronous up-down counters (OpenTelemetry's instrument for an
 * additive current count, as a queue's length; exporters show them as gauges).
 *
 * @category otel
 * @since 0.2.0
 */
export const OTEL_METRICS = Object.freeze({
  /** Events that passed the middleware and finished (handled, or unrouted), by event type. */
  processed: 'torematrix.events.processed',
  /** Of those, events with at least one failed handler (error or timeout), by event type. */
  failed: 'torematrix.events.failed',
  /** Dead letters emitted, by reason. */
  deadLetters: 'torematrix.events.dead_letters',
  /** Handler deliveries by handler and outcome: `'success'`, or `'error'` (failed for good: error, timeout, retries exhausted). */
  handlerCalls: 'torematrix.handler.calls',
  /** Events waiting for a handler now. */
  queueSize: 'torematrix.queue.size',
  /** Handler calls running now. */
  inFlight: 'torematrix.in_flight',
})

/** @internal The attribute a dead letter's reason is observed under. */
export const DEAD_LETTER_REASON = 'messaging.torematrix.dead_letter.reason'

/** @internal What the instruments read: a bus's snapshot. */
export interface BusMetricsSource {
  getMetrics(): MetricsSnapshot
}

/**
 * @internal Creates the instruments of {@link OTEL_METRICS} on `meter` and registers one batch
 * callback that reads one snapshot a collection. Returns the function that removes the callback.
 */
export function observeBusMetrics(meter: Meter, bus: BusMetricsSource): () => void {
  const processed = meter.createObservableCounter(OTEL_METRICS.processed, { description: 'Events that passed the middleware and finished', unit: '{event}' })
  const failed = meter.createObservableCounter(OTEL_METRICS.failed, { description: 'Events with at least one failed handler', unit: '{event}' })
  const deadLetters = meter.createObservableCounter(OTEL_METRICS.deadLetters, { description: 'Dead letters emitted, by reason', unit: '{event}' })
  const handlerCalls = meter.createObservableCounter(OTEL_METRICS.handlerCalls, { description: 'Handler deliveries by outcome', unit: '{call}' })
  const queueSize = meter.createObservableUpDownCounter(OTEL_METRICS.queueSize, { description: 'Events waiting for a handler now', unit: '{event}' })
  const inFlight = meter.createObservableUpDownCounter(OTEL_METRICS.inFlight, { description: 'Handler calls running now', unit: '{call}' })
  const observables: Observable[] = [processed, failed, deadLetters, handlerCalls, queueSize, inFlight]

  const callback: BatchObservableCallback = (result: BatchObservableResult) => {
    const s = bus.getMetrics()
    for (const [eventType, m] of Object.entries(s.events)) {
      const attributes: Attributes = { [A.destination]: eventType }
      result.observe(processed, m.count, attributes)
      result.observe(failed, m.errorCount, attributes)
    }
    for (const [reason, n] of Object.entries(s.total.deadLettersByReason)) result.observe(deadLetters, n, { [DEAD_LETTER_REASON]: reason })
    for (const [handler, m] of Object.entries(s.handlers)) {
      result.observe(handlerCalls, m.successCount, { [A.handler]: handler, [A.outcome]: 'success' })
      result.observe(handlerCalls, m.errorCount, { [A.handler]: handler, [A.outcome]: 'error' })
    }
    result.observe(queueSize, s.queueSize)
    result.observe(inFlight, s.inFlight)
  }
  meter.addBatchObservableCallback(callback, observables)
  return () => {
    meter.removeBatchObservableCallback(callback, observables)
  }
}
