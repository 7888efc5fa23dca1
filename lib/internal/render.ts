const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

/** @internal Escapes control characters so a string is safe on one log line. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** @internal `JSON.stringify`, typed as what it returns: `undefined` for `undefined`, functions, symbols and a `toJSON` returning them. */
export function jsonOf(u: unknown): string | undefined {
  return JSON.stringify(u)
}

/** @internal A short, escaped rendering of any value, for error messages. */
export function renderValue(u: unknown, max = 60): string {
  let s: string
  if (u === undefined) s = 'undefined'
  else if (typeof u === 'function') s = `function ${u.name === '' ? '<anonymous>' : u.name}`
  else if (typeof u === 'string') s = JSON.stringify(u)
  else if (typeof u === 'number') s = Object.is(u, -0) ? '-0' : String(u)
  else if (typeof u === 'bigint' || typeof u === 'symbol') s = u.toString()
  else {
    try {
      s = jsonOf(u) ?? Object.prototype.toString.call(u)
    } catch {
      s = Object.prototype.toString.call(u)
    }
  }
  s = escapeControl(s)
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}
