import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import * as v from 'valibot'
import { z } from 'zod'
import { AnyEventCodec, DEFAULT_MAX_PAYLOAD_BYTES, DocumentEvent, EventValidationError, parseEvent, safeParseEvent, type PayloadSchemas } from '../../lib'
import { validationErrorOf } from './issues'

const SSN = '078-05-1120'
const json = (payload: unknown, eventType = 'user.account.created'): string => JSON.stringify({ eventType, payload })

describe('parseEvent: no values in messages (#13 item 8)', () => {
  it('names the path and the expectation, keeps the value on the issue', () => {
    const error = validationErrorOf(() => parseEvent({ eventType: 'a.b', payload: SSN, correlationId: 7 }))
    expect(error.message).not.toContain(SSN)
    expect(error.message).toContain('payload: expected a plain object')
    const issue = error.issues.find((i) => i.path === 'payload')
    expect(issue?.value).toBe(SSN)
    expect(issue?.actual).toBe(JSON.stringify(SSN))
  })

  it('keeps the snippet JSON.parse quotes out of the message (in detail instead)', () => {
    const text = `{"eventType":"a.b","payload":{"ssn":${SSN}}}`
    const error = validationErrorOf(() => parseEvent(text))
    expect(error.message).toBe('parseEvent(input): invalid input, 1 problem: <value>: expected JSON text')
    expect(error.message).not.toContain('078')
    expect(error.issues[0]).toEqual(expect.objectContaining({ path: '', expected: 'JSON text', actual: 'text that is not JSON (SyntaxError)', value: text }))
    expect(error.issues[0].detail).toEqual(expect.any(String))
  })

  it('says the same of bytes that are not JSON', () => {
    const bytes = new TextEncoder().encode(`{"ssn": ${SSN}`)
    const error = validationErrorOf(() => parseEvent(bytes))
    expect(error.message).not.toContain('078')
    expect(error.issues[0].value).toBe(bytes)
  })
})

describe('parseEvent: maxPayloadBytes is checked (#13 item 15)', () => {
  it.each([
    ['NaN', NaN],
    ['a negative number', -1],
    ['zero', 0],
    ['a fraction', 1.5],
    ['-Infinity', -Infinity],
    ['a number past 2 ** 53', 2 ** 60],
    ['a string', '1mb'],
    ['null', null],
  ])('refuses %s, naming options.maxPayloadBytes', (_label, maxPayloadBytes) => {
    const error = validationErrorOf(() => parseEvent('{"eventType":"a.b"}', { maxPayloadBytes: maxPayloadBytes as number }))
    expect(error.subject).toBe('parseEvent(input, options)')
    expect(error.paths).toEqual(['options.maxPayloadBytes'])
    expect(error.issues[0].expected).toBe('a whole number of bytes > 0, or Infinity for no limit')
  })

  it('refuses a bad limit even for a value input (no text to measure), so a mistake shows at once', () => {
    expect(() => parseEvent({ eventType: 'a.b' }, { maxPayloadBytes: NaN })).toThrow(EventValidationError)
  })

  it('NaN no longer disables the limit: 2 MiB with NaN is refused, as is 2 MiB by default', () => {
    const big = json({ f: 'x'.repeat(2 * 1024 * 1024) }, 'a.b')
    expect(() => parseEvent(big, { maxPayloadBytes: NaN })).toThrow(EventValidationError)
    expect(validationErrorOf(() => parseEvent(big)).issues[0].expected).toBe(`at most ${DEFAULT_MAX_PAYLOAD_BYTES} bytes (maxPayloadBytes)`)
  })

  it('takes Infinity as no limit', () => {
    const big = json({ f: 'x'.repeat(2 * 1024 * 1024) }, 'a.b')
    expect(parseEvent(big, { maxPayloadBytes: Infinity }).eventType).toBe('a.b')
  })

  it('refuses options that are not an object', () => {
    const error = validationErrorOf(() => parseEvent('{"eventType":"a.b"}', null as unknown as object))
    expect(error.paths).toEqual(['options'])
  })
})

describe('parseEvent with payload schemas (#14)', () => {
  const schemas: PayloadSchemas = {
    'user.account.created': z.object({ name: z.string(), ssn: z.number() }),
    'user.account.renamed': v.object({ name: v.pipe(v.string(), v.minLength(3)) }),
    'user.account.deleted': t.type({ id: t.string }),
    'user.account.verified': v.object({ ssn: v.number() }),
  }

  it('returns the event when its payload passes its schema (zod, valibot, io-ts)', () => {
    expect(parseEvent(json({ name: 'Ada', ssn: 1 }), { schemas }).payload).toEqual({ name: 'Ada', ssn: 1 })
    expect(parseEvent(json({ name: 'Ada' }, 'user.account.renamed'), { schemas }).eventType).toBe('user.account.renamed')
    expect(parseEvent(json({ id: 'u1' }, 'user.account.deleted'), { schemas }).eventType).toBe('user.account.deleted')
  })

  it('does not transform: the event keeps the payload as sent (zod would strip the extra key)', () => {
    expect(parseEvent(json({ name: 'Ada', ssn: 1, extra: true }), { schemas }).payload).toEqual({ name: 'Ada', ssn: 1, extra: true })
  })

  it('checks only the form of events of other types', () => {
    expect(parseEvent(json({ anything: 1 }, 'other.thing.done'), { schemas }).eventType).toBe('other.thing.done')
  })

  it('zod: names each failing path under payload, with the expectation and no value', () => {
    const error = validationErrorOf(() => parseEvent(json({ name: 1, ssn: SSN }), { schemas }))
    expect([...error.paths].sort()).toEqual(['payload.name', 'payload.ssn'])
    expect(error.message).toContain('payload.ssn: expected number')
    expect(error.message).not.toContain(SSN)
    const ssn = error.issues.find((i) => i.path === 'payload.ssn')
    expect(ssn?.value).toBe(SSN)
    expect(ssn?.detail).toContain('expected number')
  })

  it('valibot: its messages quote the value, so they stay in detail, out of the message', () => {
    const error = validationErrorOf(() => parseEvent(json({ ssn: SSN }, 'user.account.verified'), { schemas }))
    expect(error.paths).toEqual(['payload.ssn'])
    expect(error.issues[0].detail).toContain(SSN)
    expect(error.message).toBe('parseEvent(input): invalid input, 1 problem: payload.ssn: expected number')
  })

  it("valibot: a validation action's expectation (minLength)", () => {
    const error = validationErrorOf(() => parseEvent(json({ name: 'Al' }, 'user.account.renamed'), { schemas }))
    expect(error.issues[0]).toEqual(expect.objectContaining({ path: 'payload.name', expected: '>=3', value: 'Al' }))
  })

  it('io-ts: names the failing path under payload', () => {
    expect(validationErrorOf(() => parseEvent(json({ id: 1 }, 'user.account.deleted'), { schemas })).paths).toEqual(['payload.id'])
  })

  it('refuses an asynchronous Standard Schema validator with a clear error, and leaves no unhandled rejection', () => {
    const asyncSchemas = { 'a.b': z.object({ n: z.number() }).refine(async () => Promise.resolve(true)) }
    const error = validationErrorOf(() => parseEvent('{"eventType":"a.b","payload":{"n":1}}', { schemas: asyncSchemas }))
    expect(error.subject).toBe('parseEvent(input, options)')
    expect(error.paths).toEqual(["options.schemas['a.b']"])
    expect(error.message).toContain('a synchronous validator')
    expect(error.message).toContain('ValidationMiddleware')
  })

  it('refuses a schemas entry that is not a validator, naming it', () => {
    const error = validationErrorOf(() => parseEvent('{"eventType":"a.b"}', { schemas: { 'a.b': { parse: () => 1 } } as unknown as PayloadSchemas }))
    expect(error.paths).toEqual(["options.schemas['a.b']"])
    expect(error.issues[0].expected).toBe('an io-ts codec or a Standard Schema validator (zod, valibot, ArkType)')
  })
})

describe('safeParseEvent (#14)', () => {
  it('returns Right of the event', () => {
    const result = safeParseEvent('{"eventType":"document.processing.started","documentId":"d1"}')
    if (E.isLeft(result)) throw new Error('expected a Right')
    expect(result.right).toBeInstanceOf(DocumentEvent)
  })

  it.each([
    ['text that is not JSON', '{', undefined],
    ['an invalid event', { eventType: 'bad type' }, undefined],
    ['a payload nested too deep', `{"eventType":"a.b","payload":${'{"a":'.repeat(2000)}{}${'}'.repeat(2000)}}`, undefined],
    ['a bad option', '{"eventType":"a.b"}', { maxPayloadBytes: NaN }],
    ['a payload its schema refuses', '{"eventType":"a.b","payload":{"n":"x"}}', { schemas: { 'a.b': z.object({ n: z.number() }) } }],
  ])('returns Left of the EventValidationError for %s, without throwing', (_label, input, options) => {
    const result = safeParseEvent(input, options)
    if (E.isRight(result)) throw new Error('expected a Left')
    expect(result.left).toBeInstanceOf(EventValidationError)
  })

  it('gives the same error parseEvent throws', () => {
    const result = safeParseEvent('{"eventType":"a b"}')
    if (E.isRight(result)) throw new Error('expected a Left')
    expect(result.left.message).toBe(validationErrorOf(() => parseEvent('{"eventType":"a b"}')).message)
  })

  it('a Standard Schema failure without issues is a Left at payload', () => {
    const schemas = { 'a.b': { '~standard': { version: 1, vendor: 'x', validate: () => ({ issues: [] }) } } } as unknown as PayloadSchemas
    const result = safeParseEvent('{"eventType":"a.b"}', { schemas })
    if (E.isRight(result)) throw new Error('expected a Left')
    expect(result.left.paths).toEqual(['payload'])
  })

  it('rethrows what is not an EventValidationError (a bug, not bad input)', () => {
    const boom = new TypeError('boom')
    const spy = jest.spyOn(AnyEventCodec, 'decode').mockImplementation(() => {
      throw boom
    })
    try {
      expect(() => safeParseEvent('{"eventType":"a.b"}')).toThrow(boom)
    } finally {
      spy.mockRestore()
    }
  })
})
