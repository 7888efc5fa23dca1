import { filter, type OperatorFunction } from 'rxjs'
import type { Event } from '../events/Event'

/**
 * Keeps the events of the given types, narrowing the stream's type: like NgRx's `ofType`, but
 * the narrowed type survives (`ofType<DocumentEvent>('document.processing.started')`).
 *
 * ```text
 * source:  --a--b--a--|      a: 'x.created', b: 'y.deleted'
 * ofType('x.created')
 * result:  --a-----a--|
 * ```
 *
 * @example
 * bus.events$.pipe(ofType<DocumentEvent>(DocumentEventTypes.OCR_COMPLETED)).subscribe((e) => e.documentId)
 *
 * @param types The event types to keep.
 * @returns An operator; errors and completion pass through.
 * @category operators
 * @since 0.1.0
 */
export function ofType<E extends Event<object> = Event, In extends Event<object> = Event<object>>(...types: readonly string[]): OperatorFunction<In, In & E> {
  const set = new Set(types)
  return filter((event: In): event is In & E => set.has(event.eventType))
}
