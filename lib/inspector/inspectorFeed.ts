import { defer, filter, map, merge, type Observable } from 'rxjs'
import type { InspectableBus } from './InspectOptions'
import { summarizeDeadLetter, summarizeEvent, type InspectorMessage } from './messages'

/**
 * Most events streamed to the page between two metrics snapshots; the rest are counted in
 * `skippedEvents` (the counters and the rate come from the snapshots and stay exact).
 *
 * @category inspector
 * @since 0.2.0
 */
export const MAX_EVENTS_PER_SNAPSHOT = 1_000

/**
 * @internal The inspector's messages from a bus: each metrics snapshot (with the count of events
 * not streamed so far), each event up to `maxEventsPerSnapshot` between two snapshots, and each
 * dead letter. Payloads only with `payloads: true`. Completes when the bus's streams complete
 * (the run stopped).
 *
 * ```text
 * events$:      -a-b-c-----d-|      maxEventsPerSnapshot 2
 * metrics$:     s-------t-----|
 * deadLetters$: ----x--------|
 * result:       SA-BX---T--D--|      S, T: snapshots (T counts c as skipped); X: the dead letter
 * ```
 *
 * @param bus The bus (its `events$`, `deadLetters$`, `metrics$`).
 * @param options `payloads`: include payloads; `maxEventsPerSnapshot`: the cap above.
 * @returns A cold Observable: each subscriber has its own count.
 */
export function inspectorFeed(
  bus: InspectableBus,
  options: { readonly payloads: boolean; readonly maxEventsPerSnapshot?: number },
): Observable<InspectorMessage> {
  const { payloads, maxEventsPerSnapshot = MAX_EVENTS_PER_SNAPSHOT } = options
  return defer(() => {
    let sinceSnapshot = 0
    let skippedEvents = 0
    const metrics$ = bus.metrics$.pipe(
      map((snapshot): InspectorMessage => {
        sinceSnapshot = 0
        return { kind: 'metrics', data: { snapshot, skippedEvents } }
      }),
    )
    const events$ = bus.events$.pipe(
      filter(() => {
        if (sinceSnapshot < maxEventsPerSnapshot) {
          sinceSnapshot++
          return true
        }
        skippedEvents++
        return false
      }),
      map((event): InspectorMessage => ({ kind: 'event', data: summarizeEvent(event, payloads) })),
    )
    const deadLetters$ = bus.deadLetters$.pipe(map((letter): InspectorMessage => ({ kind: 'deadLetter', data: summarizeDeadLetter(letter, payloads) })))
    return merge(metrics$, events$, deadLetters$)
  })
}
