/** @internal A random RFC 4122 v4 UUID: Web Crypto where present (Node 19+, browsers), else Math.random. */
export const randomUuid: () => string = (() => {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  const randomUUID = c?.randomUUID
  if (c !== undefined && typeof randomUUID === 'function') return () => randomUUID.call(c)
  const hex = (n: number): string =>
    Math.floor(Math.random() * 16 ** n)
      .toString(16)
      .padStart(n, '0')
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-${((Math.random() * 4) | 8).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`
})()
