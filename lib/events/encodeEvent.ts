import { EventValidationError } from '../errors/EventValidationError'
import { isPlainObject } from '../internal/freeze'
import { renderValue } from '../internal/render'
import type { SchemaVersions } from '../schema/SchemaVersions'
import { checkSchemaVersions, stampVersion } from '../schema/upcast'
import { Event } from './Event'
import { toSeedWire, type WireFormat } from './seedWire'

/**
 * Options of {@link encodeEvent}.
 *
 * @category codecs
 * @since 0.2.0
 */
export interface EncodeEventOptions {
  /** `'native'` (default): `event.toJSON()`; `'seed'`: the Python original's dataclass JSON. */
  readonly wireFormat?: WireFormat
  /** Stamps `schemaVersion` (`schema_version` in the seed format) on events of a versioned type. */
  readonly schemaVersions?: SchemaVersions
}

const SUBJECT = 'encodeEvent(event, options)'

/**
 * An event as a JSON-ready object in a wire format, what `parseEvent` with the same options
 * decodes back to an equal event. `'seed'` writes what the Python original's
 * `json.dumps(dataclasses.asdict(e))` writes: every field of the class (absent ones as `null`),
 * snake_case keys, the timestamp as ISO 8601 (`2024-01-15T10:30:00.123000+00:00`),
 * `processing_time` in seconds; payload, metadata and data keep their keys.
 *
 * @example
 * const json = encodeEvent(new DocumentEvent({ eventType: 'document.ocr.completed', documentId: 'd1' }), { wireFormat: 'seed' })
 * json.document_id // 'd1'
 * parseEvent(json, { wireFormat: 'seed' }) instanceof DocumentEvent // true
 *
 * @param event The event.
 * @param options See {@link EncodeEventOptions}.
 * @returns A plain object for `JSON.stringify`.
 * @throws EventValidationError when `event` is not an `Event` or an option is malformed.
 * @category codecs
 * @since 0.2.0
 */
export function encodeEvent(event: Event<object>, options: EncodeEventOptions = {}): Record<string, unknown> {
  if (!(event instanceof Event)) throw new EventValidationError(SUBJECT, [{ path: 'event', expected: 'an Event', actual: renderValue(event) }])
  const wireFormat = checkWireFormat(options, SUBJECT)
  const versions = checkSchemaVersions(options.schemaVersions, SUBJECT, 'options.schemaVersions')
  const json = stampVersion(event.toJSON() as unknown as Readonly<Record<string, unknown>>, versions)
  return wireFormat === 'seed' ? toSeedWire(event, json) : { ...json }
}

/**
 * @internal Checks the options object and its `wireFormat` (default `'native'`).
 * @throws EventValidationError naming `options` or `options.wireFormat`.
 */
export function checkWireFormat(options: unknown, subject: string): WireFormat {
  if (!isPlainObject(options)) throw new EventValidationError(subject, [{ path: 'options', expected: 'an options object', actual: renderValue(options) }])
  const w = options['wireFormat'] ?? 'native'
  if (w !== 'native' && w !== 'seed')
    throw new EventValidationError(subject, [{ path: 'options.wireFormat', expected: "'native' or 'seed'", actual: renderValue(w) }])
  return w
}
