import { escapeControl } from './render'

/** Longest description of a thrown value kept in a message or a log line. */
const MAX = 500

/**
 * @internal A thrown value for a message or a log line, never its data: an `Error`'s name and
 * message, a thrown string (both cut and escaped), or only the kind of anything else (a thrown
 * object may be a payload; it stays on the error's `cause`). Total: a value that cannot be read
 * (a Proxy, throwing getters) is described as such, never thrown.
 */
export function describeThrown(u: unknown): string {
  let s: string
  try {
    if (u instanceof Error) s = `${u.name}: ${u.message}`
    else if (typeof u === 'string') s = u
    else if (u === null || u === undefined) s = String(u)
    else if (typeof u === 'object') s = `a thrown ${kindOf(u)} (not an Error; see the error's cause)`
    else s = `a thrown ${typeof u}`
  } catch {
    return '<a value that cannot be described>'
  }
  s = escapeControl(s)
  return s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s
}

function kindOf(o: object): string {
  if (Array.isArray(o)) return 'array'
  const ctor: unknown = (Object.getPrototypeOf(o) as { constructor?: unknown } | null)?.constructor
  return typeof ctor === 'function' && ctor.name !== '' && ctor.name !== 'Object' ? `${ctor.name} object` : 'object'
}
