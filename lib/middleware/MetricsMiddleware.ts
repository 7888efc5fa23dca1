import { ErrorEvent } from '../events/ErrorEvent'
import type { Event } from '../events/Event'
import { BaseMiddleware, type MiddlewareOptions } from './BaseMiddleware'

/**
 * What {@link MetricsMiddleware.getMetrics} returns.
 *
 * @category middleware
 * @since 0.1.0
 */
export interface MiddlewareMetrics {
  /** Events seen, by event type. */
  readonly eventCounts: Readonly<Record<string, number>>
  /** Error events seen, by their `errorType`. */
  readonly errorCounts: Readonly<Record<string, number>>
  /** Events seen. */
  readonly totalEvents: number
  /** Error events seen. */
  readonly totalErrors: number
}

/**
 * Counts the events that pass it, by type, and `ErrorEvent`s by `errorType` (the seed's
 * middleware; the bus's own `getMetrics()` is richer). Works with every event type,
 * `DocumentEventTypes` values included.
 *
 * @example
 * const metrics = new MetricsMiddleware(); bus.addMiddleware(metrics); metrics.getMetrics().totalEvents
 *
 * @category middleware
 * @since 0.1.0
 */
export class MetricsMiddleware extends BaseMiddleware {
  private readonly eventCounts = new Map<string, number>()
  private readonly errorCounts = new Map<string, number>()
  private totalEvents = 0
  private totalErrors = 0

  /** @param options See {@link MiddlewareOptions}. */
  constructor(options: MiddlewareOptions = {}) {
    super(options)
  }

  /** Counts the event and passes it on. */
  process(event: Event): Event {
    this.totalEvents++
    this.eventCounts.set(event.eventType, (this.eventCounts.get(event.eventType) ?? 0) + 1)
    if (event instanceof ErrorEvent) {
      this.totalErrors++
      this.errorCounts.set(event.errorType, (this.errorCounts.get(event.errorType) ?? 0) + 1)
    }
    return event
  }

  /** A frozen snapshot of the counts. */
  getMetrics(): MiddlewareMetrics {
    return Object.freeze({
      eventCounts: Object.freeze(Object.fromEntries(this.eventCounts)),
      errorCounts: Object.freeze(Object.fromEntries(this.errorCounts)),
      totalEvents: this.totalEvents,
      totalErrors: this.totalErrors,
    })
  }
}
