import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { ValidationIssue } from '../errors/EventValidationError'
import { clip, renderValue } from './render'

/** @internal True for a Standard Schema v1 validator (zod, valibot, ArkType...): an object or function with `~standard.validate`. */
export function isStandardSchema(u: unknown): u is StandardSchemaV1 {
  if ((typeof u !== 'object' && typeof u !== 'function') || u === null) return false
  const props: unknown = (u as { readonly '~standard'?: unknown })['~standard']
  return (
    typeof props === 'object' &&
    props !== null &&
    (props as { readonly version?: unknown }).version === 1 &&
    typeof (props as { readonly validate?: unknown }).validate === 'function'
  )
}

/** A path segment as text: a string or number key as it is, a symbol by its description. */
function keyOf(segment: PropertyKey | StandardSchemaV1.PathSegment): PropertyKey {
  return typeof segment === 'object' ? segment.key : segment
}

/** The own value at `keys` below `root`, or `undefined` (never throws, never reads a prototype). */
function valueAt(root: unknown, keys: readonly PropertyKey[]): unknown {
  let current = root
  try {
    for (const key of keys) {
      if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, key)) return undefined
      current = (current as Record<PropertyKey, unknown>)[key]
    }
    return current
  } catch {
    return undefined
  }
}

/**
 * What an issue expects, without the value: a vendor's string `expected` (valibot, zod's
 * `invalid_type`, ArkType), else the vendor and its issue code. The vendor's `message` is never
 * used here: valibot's quotes the value ("Expected number but received \"078-05-1120\"").
 */
function expectationOf(issue: StandardSchemaV1.Issue, vendor: string): string {
  const { expected, code, type } = issue as { readonly expected?: unknown; readonly code?: unknown; readonly type?: unknown }
  if (typeof expected === 'string' && expected !== '') return clip(expected, 200)
  const kind = typeof code === 'string' ? code : typeof type === 'string' ? type : undefined
  return `a value the ${clip(vendor, 40)} schema accepts${kind === undefined ? '' : ` (${clip(kind, 60)})`}`
}

/**
 * @internal Turns a Standard Schema failure into our issues: one per issue, its path joined
 * with dots under `prefix`, what it expects without the value, the value found at that path
 * (`value`, rendered in `actual`), and the vendor's message kept in `detail` (it may quote the
 * value, so it never goes into an error message). Never throws.
 */
export function issuesFromStandard(issues: readonly StandardSchemaV1.Issue[], root: unknown, vendor: string, prefix: string): ValidationIssue[] {
  return issues.map((issue) => {
    const keys = (issue.path ?? []).map(keyOf)
    const segments = keys.map((k) => (typeof k === 'symbol' ? String(k.description) : String(k)))
    const path = (prefix === '' ? segments : [prefix, ...segments]).join('.')
    const value = valueAt(root, keys)
    const detail = typeof issue.message === 'string' ? issue.message : undefined
    return { path, expected: expectationOf(issue, vendor), actual: renderValue(value), value, ...(detail === undefined ? {} : { detail }) }
  })
}
