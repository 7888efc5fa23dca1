import type * as t from 'io-ts'
import type { ValidationIssue } from '../errors/EventValidationError'
import { renderValue } from './render'

/**
 * @internal Turns io-ts errors into one issue per failing path (the first expectation wins). The
 * value found goes to `actual` (rendered, bounded) and `value`, never into `expected`.
 */
export function issuesFromErrors(errors: t.Errors): ValidationIssue[] {
  const byPath = new Map<string, ValidationIssue>()
  for (const error of errors) {
    const path = pathOf(error.context)
    const last = error.context.at(-1)
    const expected = error.message ?? (last === undefined ? 'a valid value' : last.type.name)
    if (!byPath.has(path)) byPath.set(path, { path, expected, actual: renderValue(error.value), value: error.value })
  }
  return [...byPath.values()]
}

function pathOf(context: t.Context): string {
  const parts: string[] = []
  for (let i = 1; i < context.length; i++) {
    // Members of intersections and unions are keyed '0', '1', ... over the same value: skip them
    // (an array element, also keyed by number, is a different value than its array).
    const entry = context[i]
    if (/^\d+$/.test(entry.key) && Object.is(entry.actual, context[i - 1].actual)) continue
    parts.push(entry.key)
  }
  return parts.join('.')
}
