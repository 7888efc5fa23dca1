import type { Event } from '../events/Event'
import { compilePattern, isPattern } from '../routing/pattern'
import type { HistoryQuery, SubscribeFrom } from './HistoryOptions'

/** @internal A matcher of event types for types and patterns (compiled once). */
export function typeMatcher(keys: readonly string[]): (eventType: string) => boolean {
  const exact = new Set(keys.filter((k) => !isPattern(k)))
  const patterns = keys.filter(isPattern).map(compilePattern)
  if (patterns.length === 0) return (t) => exact.has(t)
  return (t) => exact.has(t) || patterns.some((p) => p(t))
}

/** @internal The events of `events` (oldest first) that match `keys` and `query`, in order. */
export function selectHistory(events: readonly Event[], keys: readonly string[], query: HistoryQuery): Event[] {
  const matches = typeMatcher(keys)
  const { since = -Infinity, until = Infinity, limit = Infinity, filter } = query
  const out: Event[] = []
  for (const e of events) {
    if (out.length >= limit) break
    if (!matches(e.eventType) || e.timestamp < since || e.timestamp > until) continue
    if (filter === undefined || filter(e)) out.push(e)
  }
  return out
}

/** @internal The past events a subscription starting at `from` receives first. */
export function selectFrom(events: readonly Event[], keys: readonly string[], from: Exclude<SubscribeFrom, 'new'>): Event[] {
  if (from === 'all') return selectHistory(events, keys, {})
  if ('since' in from) return selectHistory(events, keys, { since: from.since })
  const all = selectHistory(events, keys, {})
  return from.last >= all.length ? all : all.slice(all.length - from.last)
}
