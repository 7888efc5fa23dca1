const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

/** @internal Escapes control characters so a string is safe on one log line. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** @internal `JSON.stringify`, typed as what it returns: `undefined` for `undefined`, functions, symbols and a `toJSON` returning them. */
export function jsonOf(u: unknown): string | undefined {
  return JSON.stringify(u)
}

/** @internal Escapes control characters and cuts a string to `max` characters (the last one `…`). */
export function clip(s: string, max: number): string {
  const escaped = escapeControl(s.length > max * 7 ? s.slice(0, max * 7) : s) // an escape is at most 6 characters a character
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped
}

/** Thrown by {@link BoundedJson} when it has written enough: what it has is the rendering. */
class Full extends Error {}

/** A cycle, as `JSON.stringify` would refuse it. */
class Cycle extends Error {}

/**
 * A JSON-like writer that stops once it holds `max` characters, so rendering a large value
 * (a sparse array of length 2 ** 32 - 1, an object of a million keys) costs about `max` steps.
 */
class BoundedJson {
  private out = ''
  private readonly ancestors: object[] = []

  constructor(private readonly max: number) {}

  render(u: unknown): string {
    try {
      this.value(u, true)
    } catch (signal) {
      if (!(signal instanceof Full)) throw signal
    }
    return this.out
  }

  private write(s: string): void {
    this.out += s
    if (this.out.length > this.max) throw new Full()
  }

  private value(u: unknown, top: boolean): void {
    let v = u
    if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON()
    if (v === null || typeof v === 'boolean') this.write(String(v))
    else if (typeof v === 'number') this.write(Number.isFinite(v) ? String(v) : 'null')
    else if (typeof v === 'string') this.write(JSON.stringify(v.length > this.max ? v.slice(0, this.max) : v))
    else if (typeof v === 'bigint') throw new TypeError('bigint')
    else if (typeof v === 'object') this.object(v)
    else if (top)
      this.write('undefined') // undefined, a function or a symbol, as JSON.stringify leaves them out
    else this.write('null')
  }

  private object(o: object): void {
    if (this.ancestors.includes(o)) throw new Cycle()
    this.ancestors.push(o)
    if (Array.isArray(o)) {
      this.write('[')
      for (let i = 0; i < o.length; i++) {
        if (i > 0) this.write(',')
        this.value((o as unknown[])[i], false)
      }
      this.write(']')
    } else {
      this.write('{')
      let first = true
      for (const key in o) {
        if (!Object.prototype.hasOwnProperty.call(o, key)) continue
        const item: unknown = (o as Record<string, unknown>)[key]
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue
        this.write(`${first ? '' : ','}${JSON.stringify(key.length > this.max ? key.slice(0, this.max) : key)}:`)
        first = false
        this.value(item, false)
      }
      this.write('}')
    }
    this.ancestors.pop()
  }
}

/** `Object.prototype.toString`, or a placeholder when even that throws (a Proxy's trap). */
function tagOf(u: unknown): string {
  try {
    return Object.prototype.toString.call(u)
  } catch {
    return '[unreadable value]'
  }
}

/**
 * @internal A short, escaped rendering of any value, for the `actual` of a validation issue
 * (never for a message or a log line: it shows the value). Bounded work whatever the value's
 * size; never throws (a value that cannot be read renders as its tag or `[unreadable value]`).
 */
export function renderValue(u: unknown, max = 60): string {
  let s: string
  if (u === undefined) s = 'undefined'
  else if (typeof u === 'function') s = `function ${describeName(u)}`
  else if (typeof u === 'string') s = JSON.stringify(u.length > max ? u.slice(0, max) : u)
  else if (typeof u === 'number') s = Object.is(u, -0) ? '-0' : String(u)
  else if (typeof u === 'bigint' || typeof u === 'symbol') s = u.toString()
  else {
    try {
      s = new BoundedJson(max).render(u)
    } catch {
      s = tagOf(u)
    }
  }
  return clip(s, max)
}

function describeName(f: object): string {
  // a function's name is code, not data; a getter on it may throw
  try {
    const name: unknown = (f as { name?: unknown }).name
    return typeof name === 'string' && name !== '' ? name : '<anonymous>'
  } catch {
    return '<anonymous>'
  }
}

/**
 * @internal What a thrown value was, by kind only (its `name` when it is an `Error`, else its
 * type), never its message: for issues such as "reading it threw TypeError". Never throws.
 */
export function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error) {
      const name: unknown = error.name
      return typeof name === 'string' ? clip(name, 60) : 'Error'
    }
  } catch {
    // a Proxy that throws on getPrototypeOf or on name: fall through
  }
  return error === null ? 'null' : typeof error
}
