import { EventValidationError } from '../errors/EventValidationError'
import { issuesFromErrors } from '../internal/ioTsIssues'
import { AnyEventCodec } from './codecs'
import type { Event } from './Event'

/**
 * The default limit on the size of inbound messages: 1 MiB.
 *
 * @category codecs
 * @since 0.1.0
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024

/**
 * Options of {@link parseEvent}.
 *
 * @category codecs
 * @since 0.1.0
 */
export interface ParseEventOptions {
  /** Text or bytes above this size are rejected before parsing; default 1 MiB. */
  readonly maxPayloadBytes?: number
}

const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : undefined

function byteLength(s: string): number {
  return encoder === undefined ? s.length * 3 : encoder.encode(s).byteLength
}

/**
 * Decodes untrusted input into an event, or throws. Takes a parsed value, JSON text, or
 * UTF-8 bytes; text and bytes above `maxPayloadBytes` are rejected before parsing. The class
 * is chosen as by {@link AnyEventCodec}.
 *
 * @example
 * const e = parseEvent('{"eventType":"document.processing.started","documentId":"d1"}')
 * e instanceof DocumentEvent // true
 *
 * @param input A value, JSON text, or UTF-8 bytes.
 * @param options See {@link ParseEventOptions}.
 * @returns A real, frozen event instance.
 * @throws EventValidationError listing every failing path (or the size or JSON problem).
 * @category codecs
 * @since 0.1.0
 */
export function parseEvent(input: unknown, options: ParseEventOptions = {}): Event {
  const max = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES
  let value = input
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const size = typeof input === 'string' ? (input.length > max ? input.length : byteLength(input)) : input.byteLength
    if (size > max) {
      throw new EventValidationError('parseEvent(input)', [{ path: '', expected: `at most ${max} bytes (maxPayloadBytes)`, actual: `${size} bytes` }])
    }
    const text = typeof input === 'string' ? input : new TextDecoder().decode(input)
    try {
      value = JSON.parse(text) as unknown
    } catch (error) {
      throw new EventValidationError('parseEvent(input)', [
        { path: '', expected: 'JSON text', actual: error instanceof Error ? error.message : 'unparseable text' },
      ])
    }
  }
  const result = AnyEventCodec.decode(value)
  if (result._tag === 'Left') throw new EventValidationError('parseEvent(input)', issuesFromErrors(result.left))
  return result.right
}
