/** What {@link uuidOf} needs of Web Crypto. */
interface UuidCrypto {
  randomUUID?: () => string
  getRandomValues<T extends Uint8Array>(array: T): T
}

/**
 * @internal The UUID source of `crypto`: its `randomUUID` where present (Node 19+, browsers in
 * secure contexts), else an RFC 9562 version 4 UUID from `getRandomValues` (browsers on plain
 * http, where `randomUUID` is missing). Never `Math.random`: event ids drive the broker's
 * deduplication, so a guessable or colliding id could drop a real event.
 * Without either, the returned function throws a `TypeError` saying so (importing stays possible).
 */
export function uuidOf(crypto: UuidCrypto | undefined): () => string {
  const randomUUID = crypto?.randomUUID
  if (crypto !== undefined && typeof randomUUID === 'function') return () => flat(randomUUID.call(crypto))
  if (crypto === undefined || typeof crypto.getRandomValues !== 'function') {
    return () => {
      throw new TypeError('event ids need Web Crypto (globalThis.crypto.getRandomValues): Node >= 20.19 or a browser provides it')
    }
  }
  const c = crypto
  return () => {
    const b = c.getRandomValues(new Uint8Array(16))
    b[6] = (b[6] & 0x0f) | 0x40 // version 4
    b[8] = (b[8] & 0x3f) | 0x80 // variant 10
    let hex = ''
    for (const byte of b) hex += byte.toString(16).padStart(2, '0')
    return flat(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`)
  }
}

/**
 * A string built by concatenation (Node's `randomUUID` too) is a tree of pieces in V8: 491 bytes
 * for a UUID, against 76 once flat. Reading a character flattens it in place, so every event
 * kept (history, replay, buffers) holds a flat id.
 */
function flat(s: string): string {
  s.charCodeAt(0)
  return s
}

/** @internal A random RFC 9562 version 4 UUID from Web Crypto (see {@link uuidOf}). */
export const randomUuid: () => string = uuidOf((globalThis as { crypto?: UuidCrypto }).crypto)
