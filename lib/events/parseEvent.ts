import type * as E from 'fp-ts/Either'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { isPlainObject } from '../internal/freeze'
import { issuesFromErrors } from '../internal/ioTsIssues'
import { describeThrown, renderValue } from '../internal/render'
import { AnyEventCodec } from './codecs'
import { unreadable, type Event } from './Event'
import { checkSchemas, payloadIssues, type PayloadSchemas } from './PayloadSchema'
import type { SchemaVersions } from '../schema/SchemaVersions'
import { checkSchemaVersions, upcast } from '../schema/upcast'
import { fromSeedWire, type WireFormat } from './seedWire'

/**
 * The default limit on the size of inbound messages: 1 MiB.
 *
 * @category codecs
 * @since 0.1.0
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024

/**
 * Options of {@link parseEvent} and {@link safeParseEvent}.
 *
 * @category codecs
 * @since 0.1.0
 */
export interface ParseEventOptions {
  /**
   * Text or bytes above this size are rejected before parsing; default 1 MiB. A whole number
   * > 0, or `Infinity` for no limit; anything else (`NaN`, `-1`, `1.5`, `'1mb'`) is an
   * `EventValidationError` naming `options.maxPayloadBytes`.
   */
  readonly maxPayloadBytes?: number
  /**
   * Payload validators by event type (io-ts codecs or synchronous Standard Schema validators),
   * as `ValidationMiddleware` takes them. A validator that returns a Promise is refused: use
   * `ValidationMiddleware` on the bus for asynchronous validation.
   */
  readonly schemas?: PayloadSchemas
  /** The JSON's format: `'native'` (default, ours) or `'seed'` (the Python original's dataclasses); see `encodeEvent`. */
  readonly wireFormat?: WireFormat
  /**
   * The schema versions this process knows: an event of an older version is upcast to the
   * current one before it is decoded; one of a newer version is an `EventValidationError` at
   * `schemaVersion` naming both versions.
   */
  readonly schemaVersions?: SchemaVersions
}

const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : undefined

function byteLength(s: string): number {
  return encoder === undefined ? s.length * 3 : encoder.encode(s).byteLength
}

const SUBJECT = 'parseEvent(input)'
const OPTIONS = 'parseEvent(input, options)'

/**
 * @internal Checks a `maxPayloadBytes` option: `undefined` gives the default; a whole number > 0
 * or `Infinity` (no limit) is kept.
 *
 * @param u The option's value.
 * @param subject What is being configured, for the error.
 * @param path The option's path, for the error (`'options.maxPayloadBytes'`).
 * @throws EventValidationError for `NaN`, a number <= 0, a fraction, or a non-number.
 */
export function checkMaxPayloadBytes(u: unknown, subject: string, path: string): number {
  if (u === undefined) return DEFAULT_MAX_PAYLOAD_BYTES
  if (u === Infinity || (typeof u === 'number' && Number.isSafeInteger(u) && u > 0)) return u
  throw new EventValidationError(subject, [{ path, expected: 'a whole number of bytes > 0, or Infinity for no limit', actual: renderValue(u), value: u }])
}

/** The input as a value: parsed when it is text or bytes (after the size check). */
function valueOf(input: unknown, max: number): unknown {
  if (typeof input !== 'string' && !(ArrayBuffer.isView(input) && input instanceof Uint8Array)) return input // isView: no Proxy trap runs
  const size = typeof input === 'string' ? (input.length > max ? input.length : byteLength(input)) : input.byteLength
  if (size > max) {
    throw new EventValidationError(SUBJECT, [{ path: '', expected: `at most ${max} bytes (maxPayloadBytes)`, actual: `${size} bytes` }])
  }
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input)
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    // JSON.parse's message quotes the text around the error: kept in `detail`, out of the message.
    const detail = error instanceof Error ? error.message : undefined
    throw new EventValidationError(SUBJECT, [
      {
        path: '',
        expected: 'JSON text',
        actual: `text that is not JSON (${describeThrown(error)})`,
        value: input,
        ...(detail === undefined ? {} : { detail }),
      },
    ])
  }
}

/**
 * Decodes untrusted input into an event, or throws. Takes a parsed value, JSON text, or
 * UTF-8 bytes; text and bytes above `maxPayloadBytes` are rejected before parsing. The class
 * is chosen as by {@link AnyEventCodec}; with `schemas`, the payload of an event of a listed type
 * is checked too (io-ts or Standard Schema). Hostile input (nested too deep, throwing getters,
 * Proxies) is an `EventValidationError` like any other.
 *
 * @example
 * const e = parseEvent('{"eventType":"document.processing.started","documentId":"d1"}')
 * e instanceof DocumentEvent // true
 *
 * @param input A value, JSON text, or UTF-8 bytes.
 * @param options See {@link ParseEventOptions}.
 * @returns A real, frozen event instance.
 * @throws EventValidationError listing every failing path and what it expects (the values found
 *   are in its `issues`, not its message), or naming the bad option.
 * @see {@link safeParseEvent} for an `Either` instead of a throw.
 * @category codecs
 * @since 0.1.0
 */
export function parseEvent(input: unknown, options: ParseEventOptions = {}): Event {
  if (!isPlainObject(options)) {
    throw new EventValidationError(OPTIONS, [
      { path: 'options', expected: 'an options object ({ maxPayloadBytes?, schemas?, wireFormat?, schemaVersions? })', actual: renderValue(options) },
    ])
  }
  const max = checkMaxPayloadBytes(options.maxPayloadBytes, OPTIONS, 'options.maxPayloadBytes')
  const schemas = checkSchemas(OPTIONS, options.schemas)
  const wireFormat = options.wireFormat ?? 'native'
  if (wireFormat !== 'native' && wireFormat !== 'seed') {
    throw new EventValidationError(OPTIONS, [{ path: 'options.wireFormat', expected: "'native' or 'seed'", actual: renderValue(wireFormat) }])
  }
  const versions = checkSchemaVersions(options.schemaVersions, OPTIONS, 'options.schemaVersions')
  const value = valueOf(input, max)
  const result = AnyEventCodec.decode(prepare(value, wireFormat, versions))
  if (result._tag === 'Left') throw new EventValidationError(SUBJECT, issuesFromErrors(result.left))
  const event = result.right
  const schema = schemas[event.eventType]
  if (schema === undefined) return event
  const issues = payloadIssues(schema, event.payload)
  if ('then' in issues) throw new EventValidationError(OPTIONS, [asyncSchema(event.eventType)])
  if (issues.length > 0) throw new EventValidationError(SUBJECT, issues)
  return event
}

/** The input in our current wire form: from the seed's, upcast; a throwing getter or Proxy trap is an EventValidationError. */
function prepare(value: unknown, wireFormat: WireFormat, versions: SchemaVersions): unknown {
  try {
    return upcast(wireFormat === 'seed' ? fromSeedWire(value) : value, versions)
  } catch (error) {
    if (error instanceof EventValidationError) throw error
    throw new EventValidationError(SUBJECT, [unreadable('', value, error)])
  }
}

function asyncSchema(eventType: string): ValidationIssue {
  return {
    path: `options.schemas['${eventType}']`,
    expected: 'a synchronous validator (this one returned a Promise; validate asynchronously with ValidationMiddleware on the bus)',
    actual: 'a Promise',
  }
}

/**
 * {@link parseEvent} that returns an fp-ts `Either` instead of throwing: `Right` of the event, or
 * `Left` of the `EventValidationError` that `parseEvent` would throw.
 *
 * @example
 * import { isLeft, isRight } from 'fp-ts/Either'
 * isRight(safeParseEvent('{"eventType":"user.account.created"}')) // true
 * isLeft(safeParseEvent('{')) // true: the Left holds the EventValidationError
 *
 * @param input A value, JSON text, or UTF-8 bytes.
 * @param options See {@link ParseEventOptions} (a bad option is a `Left` too).
 * @returns `Either<EventValidationError, Event>`; never throws an `EventValidationError`.
 * @category codecs
 * @since 0.2.0
 */
export function safeParseEvent(input: unknown, options?: ParseEventOptions): E.Either<EventValidationError, Event> {
  try {
    return { _tag: 'Right', right: parseEvent(input, options) } // built here: a value import of fp-ts/Either breaks ESM consumers (a directory import)
  } catch (error) {
    if (error instanceof EventValidationError) return { _tag: 'Left', left: error }
    throw error
  }
}
