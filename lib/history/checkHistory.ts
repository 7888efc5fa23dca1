import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { isPlainObject } from '../internal/freeze'
import { renderValue } from '../internal/render'
import type { HistoryQuery, SubscribeFrom } from './HistoryOptions'

const QUERY_KEYS: readonly string[] = ['since', 'until', 'limit', 'filter']

/** @internal Checks `history: { maxEvents }` of `new EventBus(options)`, adding an issue per malformed field; the capacity, 0 when off. */
export function checkHistoryOption(u: unknown, issues: ValidationIssue[]): number {
  if (u === undefined) return 0
  const maxEvents = isPlainObject(u) ? u['maxEvents'] : undefined
  if (!isPlainObject(u) || !Number.isSafeInteger(maxEvents) || (maxEvents as number) <= 0) {
    issues.push({ path: 'history.maxEvents', expected: 'a whole number > 0 (how many events the history keeps)', actual: renderValue(maxEvents ?? u) })
    return 0
  }
  for (const key of Object.keys(u)) {
    if (key !== 'maxEvents') issues.push({ path: `history.${key}`, expected: 'no such option (known: maxEvents)', actual: renderValue(u[key]) })
  }
  return maxEvents as number
}

/** @internal Checks a subscription's `from`, adding an issue when it is malformed. */
export function checkFrom(from: unknown, issues: ValidationIssue[]): void {
  if (from === undefined || from === 'new' || from === 'all') return
  const ok =
    isPlainObject(from) &&
    Object.keys(from).length === 1 &&
    (('since' in from && Number.isFinite(from['since'])) || ('last' in from && Number.isSafeInteger(from['last']) && (from['last'] as number) >= 0))
  if (!ok) issues.push({ path: 'options.from', expected: "'new', 'all', { since: epoch ms } or { last: a whole number >= 0 }", actual: renderValue(from) })
}

/** @internal A `from` that replays something (not `'new'`), or null. */
export function replayOf(from: SubscribeFrom | undefined): Exclude<SubscribeFrom, 'new'> | null {
  return from === undefined || from === 'new' ? null : from
}

/**
 * @internal Checks `history$(typeOrPattern, query)`.
 * @throws EventValidationError naming every malformed field.
 */
export function checkHistoryQuery(query: unknown): HistoryQuery {
  const issues: ValidationIssue[] = []
  if (!isPlainObject(query)) {
    issues.push({ path: 'options', expected: 'an options object ({ since?, until?, limit?, filter? })', actual: renderValue(query) })
  } else {
    for (const key of Object.keys(query)) {
      if (!QUERY_KEYS.includes(key))
        issues.push({ path: `options.${key}`, expected: `no such option (known: ${QUERY_KEYS.join(', ')})`, actual: renderValue(query[key]) })
    }
    const { since, until, limit, filter } = query
    const time = (v: unknown, path: string): void => {
      if (v !== undefined && !Number.isFinite(v)) issues.push({ path, expected: 'epoch milliseconds (a finite number)', actual: renderValue(v) })
    }
    time(since, 'options.since')
    time(until, 'options.until')
    if (limit !== undefined && !(Number.isSafeInteger(limit) && (limit as number) >= 0)) {
      issues.push({ path: 'options.limit', expected: 'a whole number >= 0', actual: renderValue(limit) })
    }
    if (filter !== undefined && typeof filter !== 'function')
      issues.push({ path: 'options.filter', expected: 'a predicate (event) => boolean', actual: renderValue(filter) })
  }
  if (issues.length > 0) throw new EventValidationError('history$(typeOrPattern, options)', issues)
  return query as HistoryQuery
}
