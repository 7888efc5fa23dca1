import { map, type OperatorFunction } from 'rxjs'
import type { DeadLetter } from '../bus/types'

/**
 * Maps dead letters to `'reason:eventType'` strings, for marble expectations.
 *
 * ```text
 * source:  --d--|     d: a dead letter of an 'order.placed' event that timed out
 * result:  --x--|     x = 'timeout:order.placed'
 * ```
 *
 * @returns An operator; error and complete pass through.
 * @category testing
 * @since 0.1.0
 */
export function deadLetterReasons(): OperatorFunction<DeadLetter, string> {
  return map((d) => `${d.reason}:${d.event.eventType}`)
}
