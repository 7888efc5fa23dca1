import { randomUuid, uuidOf } from '../../lib/internal/uuid'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('uuidOf', () => {
  it('uses crypto.randomUUID where present', () => {
    const crypto = { randomUUID: jest.fn(() => 'from-randomUUID'), getRandomValues: jest.fn() }
    expect(uuidOf(crypto)()).toBe('from-randomUUID')
    expect(crypto.getRandomValues).not.toHaveBeenCalled()
  })

  it('builds a version 4 UUID from getRandomValues without randomUUID, setting the version and variant bits', () => {
    const filled = (byte: number) => ({ getRandomValues: <T extends Uint8Array>(a: T): T => a.fill(byte) })
    expect(uuidOf(filled(0xff))()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff')
    expect(uuidOf(filled(0x00))()).toBe('00000000-0000-4000-8000-000000000000')
    const random = jest.spyOn(Math, 'random')
    try {
      const next = uuidOf({ getRandomValues: (a) => globalThis.crypto.getRandomValues(a) })
      const ids = Array.from({ length: 1000 }, next)
      for (const id of ids) expect(id).toMatch(UUID_V4)
      expect(new Set(ids).size).toBe(1000)
      expect(random).not.toHaveBeenCalled()
    } finally {
      random.mockRestore()
    }
  })

  it('without Web Crypto, an id asked for is a TypeError that says what is missing (making the source does not throw)', () => {
    const next = uuidOf(undefined)
    expect(next).toThrow(TypeError)
    expect(next).toThrow(/crypto\.getRandomValues.*Node >= 20\.19/)
  })

  it('randomUuid is Web Crypto of this runtime', () => {
    expect(randomUuid()).toMatch(UUID_V4)
  })
})
