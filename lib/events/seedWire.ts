import { EventValidationError } from '../errors/EventValidationError'
import { isPlainObject } from '../internal/freeze'
import { renderValue } from '../internal/render'
import type { Event } from './Event'

// The seed wire format: the JSON of the Python original's dataclasses (`json.dumps(asdict(e))`):
// snake_case keys, every field present (`None` as null), timestamps as ISO 8601 text, priority as
// its value (`'normal'`), `processing_time` in seconds.

/**
 * The JSON an event is written as: `'native'` (default, `event.toJSON()`: camelCase, epoch ms,
 * `kind`) or `'seed'` (the Python original's dataclasses through `asdict` and `json.dumps`:
 * snake_case keys, ISO 8601 timestamps, `processing_time` in seconds).
 *
 * @category codecs
 * @since 0.2.0
 */
export type WireFormat = 'native' | 'seed'

/** The seed's fields of each class, in the dataclasses' order (every one is written, `None` as null). */
const BASE = ['event_type', 'payload', 'timestamp', 'priority', 'source', 'id', 'correlation_id', 'metadata', 'trace_ids']
const DOCUMENT = [...BASE, 'document_id', 'page_numbers']
const SEED_FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Event: BASE,
  DocumentEvent: DOCUMENT,
  ValidationEvent: [...DOCUMENT, 'validation_type', 'validation_status', 'validation_errors'],
  ErrorEvent: [...DOCUMENT, 'error_type', 'error_message', 'stack_trace', 'recovery_attempted'],
  ProcessingEvent: [
    ...BASE,
    'file_id',
    'job_id',
    'batch_id',
    'session_id',
    'queue_name',
    'worker_id',
    'progress',
    'error',
    'retry_count',
    'processing_time',
    'data',
  ],
})

/** ISO 8601 as Python's `isoformat()` writes it (`T` or a space, fraction and offset optional; no offset is UTC). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2}(?::\d{2}(?:\.\d+)?)?)?$/

const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** @internal Epoch ms of an ISO 8601 timestamp as Python writes it, or NaN. */
export function parseIsoTimestamp(text: string): number {
  const m = ISO.exec(text)
  if (m === null) return NaN
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m
  const micros = Number(frac.padEnd(6, '0').slice(0, 6))
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + micros / 1000
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.replace(':', '').slice(3, 5))]
    ms -= sign * (oh * 60 + om) * 60_000
  }
  return ms
}

/** @internal Epoch ms as Python's `datetime.isoformat()` of an aware UTC datetime: microseconds only when not zero, `+00:00`. */
export function isoTimestamp(ms: number): string {
  let seconds = Math.floor(ms / 1000)
  let micros = Math.round((ms - seconds * 1000) * 1000)
  if (micros === 1_000_000) {
    seconds++
    micros = 0
  }
  const base = new Date(seconds * 1000).toISOString().slice(0, 19)
  return `${base}${micros === 0 ? '' : `.${String(micros).padStart(6, '0')}`}+00:00`
}

/**
 * @internal The seed's JSON of an event as our wire form, for the codecs: top-level keys to
 * camelCase (payload, metadata and data keep theirs), the ISO timestamp to epoch ms,
 * `processing_time` from seconds to ms. Anything that is not a plain object is returned as it is.
 *
 * @throws EventValidationError when `timestamp` is not ISO 8601 text (or a number).
 */
export function fromSeedWire(u: unknown): unknown {
  if (!isPlainObject(u)) return u
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(u)) out[camel(key)] = u[key]
  const ts = out['timestamp']
  if (typeof ts === 'string') {
    const ms = parseIsoTimestamp(ts)
    if (Number.isNaN(ms)) {
      throw new EventValidationError('parseEvent(input, { wireFormat: "seed" })', [
        { path: 'timestamp', expected: "an ISO 8601 timestamp as Python's isoformat() writes it (2024-01-15T10:30:00.123456+00:00)", actual: renderValue(ts) },
      ])
    }
    out['timestamp'] = ms
  }
  const seconds = out['processingTime']
  if (typeof seconds === 'number') out['processingTime'] = seconds * 1000
  return out
}

/**
 * @internal An event as the seed's JSON: every field of its class (absent ones as null), in the
 * dataclasses' order, snake_case, the timestamp as ISO 8601, `processing_time` in seconds. A
 * subclass of yours is written with its base built-in class's fields plus its own, snake_cased.
 */
export function toSeedWire(event: Event<object>, json: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const fields = SEED_FIELDS[event.kind] ?? seedFieldsOf(json)
  const out: Record<string, unknown> = {}
  for (const key of fields) out[key] = json[camel(key)] ?? null
  for (const key of Object.keys(json)) if (key !== 'kind' && !(snake(key) in out)) out[snake(key)] = json[key] ?? null
  out['timestamp'] = isoTimestamp(event.timestamp)
  if (typeof out['processing_time'] === 'number') out['processing_time'] = out['processing_time'] / 1000
  return out
}

function seedFieldsOf(json: Readonly<Record<string, unknown>>): readonly string[] {
  return Object.keys(json)
    .filter((k) => k !== 'kind')
    .map(snake)
}
