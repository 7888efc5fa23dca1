import type * as t from 'io-ts'
import type { ValidationIssue } from '../errors/EventValidationError'
import { renderValue } from './render'

/** @internal Turns io-ts errors into one issue per failing path (the first expectation wins). */
export function issuesFromErrors(errors: t.Errors): ValidationIssue[] {
  const byPath = new Map<string, ValidationIssue>()
  for (const error of errors) {
    const path = pathOf(error.context)
    const last = error.context[error.context.length - 1]
    const expected = error.message ?? (last === undefined ? 'a valid value' : last.type.name)
    if (!byPath.has(path)) byPath.set(path, { path, expected, actual: renderValue(error.value) })
  }
  return [...byPath.values()]
}

const TRANSPARENT = new Set(['IntersectionType', 'UnionType', 'RefinementType', 'ExactType'])

function pathOf(context: t.Context): string {
  const parts: string[] = []
  for (let i = 1; i < context.length; i++) {
    // Members of intersections and unions are keyed '0', '1', ... under the same value: skip them.
    const tag = (context[i - 1].type as { _tag?: string })._tag
    if (tag !== undefined && TRANSPARENT.has(tag)) continue
    parts.push(context[i].key)
  }
  return parts.join('.')
}
