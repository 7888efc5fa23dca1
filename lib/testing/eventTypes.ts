import { map, type OperatorFunction } from 'rxjs'
import type { Event } from '../events/Event'

/**
 * Maps events to their type names, for short marble expectations.
 *
 * ```text
 * source:  --a--b--|     a, b: events
 * result:  --x--y--|     x = a.eventType, y = b.eventType
 * ```
 *
 * @returns An operator; error and complete pass through.
 * @category testing
 * @since 0.1.0
 */
export function eventTypes(): OperatorFunction<Event<object>, string> {
  return map((e) => e.eventType)
}
