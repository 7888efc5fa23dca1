import { EventValidationError } from '../errors/EventValidationError'
import { isEventTypeName } from '../events/fields'
import { renderValue } from '../internal/render'

/** @internal True when `s` uses `*` or `>` (a pattern rather than an exact type). */
export function isPattern(s: string): boolean {
  return s.includes('*') || s.includes('>')
}

/**
 * @internal Compiles `document.*.started` / `document.>` into a matcher. `*` is one segment,
 * a trailing `>` one or more segments. Throws on a malformed pattern.
 */
export function compilePattern(pattern: string): (eventType: string) => boolean {
  const segments = pattern.split('.')
  const ok = segments.every((s, i) => s === '*' || (s === '>' && i === segments.length - 1) || isEventTypeName(s))
  if (!ok) {
    throw new EventValidationError('subscribe(pattern)', [
      {
        path: 'pattern',
        expected: "dot-separated segments of letters, digits, _ and -, where '*' is one segment and a final '>' the rest",
        actual: renderValue(pattern),
      },
    ])
  }
  const tail = segments[segments.length - 1] === '>'
  const fixed = tail ? segments.length - 1 : segments.length
  return (eventType: string): boolean => {
    const parts = eventType.split('.')
    if (tail ? parts.length <= fixed : parts.length !== fixed) return false
    for (let i = 0; i < fixed; i++) if (segments[i] !== '*' && segments[i] !== parts[i]) return false
    return true
  }
}
