import { EventValidationError } from '../../../lib'
import { natsTransport } from '../../../lib/transports/nats'

const servers = 'nats://127.0.0.1:4222'

describe('natsTransport options', () => {
  it.each([
    ['NaN (which would disable the limit)', NaN],
    ['negative', -1],
    ['zero', 0],
    ['not a whole number', 1.5],
    ['Infinity', Infinity],
    ['a string', '1048576'],
  ])('rejects a maxPayloadBytes that is %s with an EventValidationError naming the option', (_label, maxPayloadBytes) => {
    const build = (): unknown => natsTransport({ servers, maxPayloadBytes: maxPayloadBytes as number })
    expect(build).toThrow(EventValidationError)
    expect(build).toThrow(/maxPayloadBytes: expected a whole number of bytes >= 1/)
  })

  it('accepts a whole number of bytes, and no maxPayloadBytes (1 MiB)', () => {
    expect(natsTransport({ servers, maxPayloadBytes: 1 }).name).toBe('nats')
    expect(natsTransport({ servers, maxPayloadBytes: 64 * 1024 * 1024 }).name).toBe('nats')
    expect(natsTransport({ servers }).name).toBe('nats')
  })

  it('lists every malformed limit at once', () => {
    try {
      natsTransport({ servers, maxAgeMs: -1, maxPayloadBytes: NaN })
      throw new Error('accepted')
    } catch (error) {
      expect(error).toBeInstanceOf(EventValidationError)
      expect((error as EventValidationError).issues.map((i) => i.path)).toEqual(['maxAgeMs', 'maxPayloadBytes'])
    }
  })
})
