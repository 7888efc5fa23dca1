import { defer, filter, from, type Observable, take } from 'rxjs'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import type { Event } from '../events/Event'
import { isEventTypeName } from '../events/fields'
import { renderValue } from '../internal/render'
import { compilePattern, isPattern } from '../routing/pattern'
import type { Transport } from '../bus/transport'
import { checkHistoryQuery } from './checkHistory'
import type { HistoryQuery } from './HistoryOptions'
import type { HistoryRing } from './HistoryRing'
import { selectHistory, typeMatcher } from './selectHistory'

const SUBJECT = 'history$(typeOrPattern, options)'

/** @internal Where a bus reads its history: the ring, or the transport's stream. */
export interface HistorySource {
  readonly ring: HistoryRing | null
  readonly transport: Transport | null
}

/**
 * @internal `bus.history$`: a cold Observable of the past events of `typeOrPattern`, oldest
 * first, read when subscribed (each subscriber reads again). From the ring in process; from the
 * broker's stream with a transport (decoded and upcast as inbound messages are).
 *
 * @throws EventValidationError for a bad type, pattern or option, or when the bus keeps no history.
 */
export function historyOf(source: HistorySource, typeOrPattern: unknown, query: unknown): Observable<Event> {
  const keys = checkKeys(typeOrPattern)
  const q: HistoryQuery = checkHistoryQuery(query)
  const { ring, transport } = source
  if (transport !== null) {
    const read = transport.history?.bind(transport)
    if (read === undefined) throw off(`a transport that reads history (${transport.name} does not)`)
    const matches = typeMatcher(keys)
    const { since = -Infinity, until = Infinity, limit = Infinity, filter: accept } = q
    return defer(() => from(read(keys, { since: Number.isFinite(since) ? since : undefined }))).pipe(
      filter((e) => matches(e.eventType) && e.timestamp >= since && e.timestamp <= until && (accept === undefined || accept(e))),
      take(limit),
    )
  }
  if (ring === null) throw off('new EventBus({ history: { maxEvents } }) or a transport')
  return defer(() => from(selectHistory(ring.toArray(), keys, q)))
}

function off(expected: string): EventValidationError {
  return new EventValidationError(SUBJECT, [{ path: 'history', expected, actual: 'no history kept' }])
}

function checkKeys(typeOrPattern: unknown): readonly string[] {
  const keys: unknown = typeof typeOrPattern === 'string' ? [typeOrPattern] : typeOrPattern
  const issues: ValidationIssue[] = []
  if (!Array.isArray(keys) || keys.length === 0) {
    issues.push({ path: 'typeOrPattern', expected: 'an event type, a pattern, or a non-empty array of them', actual: renderValue(typeOrPattern) })
  } else {
    for (const k of keys as unknown[]) {
      if (typeof k === 'string' && isPattern(k)) {
        try {
          compilePattern(k)
          continue
        } catch {
          // reported below
        }
      }
      if (typeof k !== 'string' || !isEventTypeName(k))
        issues.push({ path: 'typeOrPattern', expected: 'an event type such as "document.processing.started", or a pattern', actual: renderValue(k) })
    }
  }
  if (issues.length > 0) throw new EventValidationError(SUBJECT, issues)
  return keys as readonly string[]
}
