import type { Event } from '../events/Event'
import { BaseMiddleware, type MiddlewareOptions } from './BaseMiddleware'

/**
 * Options of {@link FilterMiddleware}.
 *
 * @category middleware
 * @since 0.1.0
 */
export interface FilterMiddlewareOptions extends MiddlewareOptions {
  /** Only these event types pass (all pass when absent). */
  readonly eventTypes?: readonly string[]
  /** Only events it returns true for pass. */
  readonly predicate?: (event: Event) => boolean
}

/**
 * Passes only the events of the given types and/or accepted by a predicate; the others are
 * dropped on purpose (counted as `filteredEvents`).
 *
 * @example
 * bus.addMiddleware(new FilterMiddleware({ eventTypes: [DocumentEventTypes.PROCESSING_STARTED] }))
 *
 * @category middleware
 * @since 0.1.0
 */
export class FilterMiddleware extends BaseMiddleware {
  private readonly types: ReadonlySet<string> | null
  private readonly predicate: ((event: Event) => boolean) | null

  /** @param options See {@link FilterMiddlewareOptions}. */
  constructor(options: FilterMiddlewareOptions = {}) {
    super(options)
    this.types = options.eventTypes === undefined ? null : new Set(options.eventTypes)
    this.predicate = options.predicate ?? null
  }

  /** @returns The event if it passes, else `null`. */
  process(event: Event): Event | null {
    if (this.types !== null && !this.types.has(event.eventType)) return null
    if (this.predicate !== null && !this.predicate(event)) return null
    return event
  }
}
