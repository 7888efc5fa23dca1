import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import {
  AnyEventCodec,
  DEFAULT_MAX_PAYLOAD_BYTES,
  DocumentEvent,
  DocumentEventCodec,
  DocumentEventTypes,
  ErrorEvent,
  ErrorEventCodec,
  Event,
  EventCodec,
  EventPriority,
  EventValidationError,
  ProcessingEvent,
  ProcessingEventCodec,
  ProcessingEventTypes,
  ValidationEvent,
  ValidationEventCodec,
  eventCodec,
  parseEvent,
  type EventInit,
} from '../../lib'
import { instanceOf } from '../helpers/fixtures'
import { validationErrorOf } from './issues'

// helpers

/** What every event codec offers (method syntax, so the class-specific codecs fit). */
interface AnyCodec {
  readonly name: string
  decode(u: unknown): t.Validation<Event>
  is(u: unknown): boolean
  encode(e: Event): unknown
}

const CODECS: ReadonlyArray<readonly [string, AnyCodec]> = [
  ['EventCodec', EventCodec],
  ['DocumentEventCodec', DocumentEventCodec],
  ['ValidationEventCodec', ValidationEventCodec],
  ['ErrorEventCodec', ErrorEventCodec],
  ['ProcessingEventCodec', ProcessingEventCodec],
  ['AnyEventCodec', AnyEventCodec],
]

/** The field paths of io-ts errors (intersection/union member indices dropped), sorted and unique. */
function failingFields(errors: t.Errors): string[] {
  const paths = errors.map((e) =>
    e.context
      .slice(1)
      .map((c) => c.key)
      .filter((k) => !/^\d+$/.test(k))
      .join('.'),
  )
  return [...new Set(paths)].sort()
}

/** Decodes and returns the Left's failing fields, failing the test on a Right. */
function leftFields(codec: AnyCodec, u: unknown): string[] {
  const result = codec.decode(u)
  if (E.isRight(result)) throw new Error(`expected a Left, got a ${result.right.kind}`)
  return failingFields(result.left)
}

/** Decodes and returns the Right, failing the test on a Left. */
function right<A>(result: t.Validation<A>): A {
  if (E.isLeft(result)) throw new Error(`expected a Right, got errors at ${failingFields(result.left).join(', ')}`)
  return result.right
}

const viaJson = (e: Event): unknown => JSON.parse(JSON.stringify(e))

const samples = {
  event: () =>
    new Event({
      eventType: 'user.account.created',
      payload: { name: 'Ada', tags: ['a'] },
      correlationId: 'c1',
      source: 'svc',
      traceIds: ['t1'],
      metadata: { v: 1 },
      priority: EventPriority.DEFERRED,
    }),
  document: () => new DocumentEvent({ eventType: DocumentEventTypes.OCR_COMPLETED, documentId: 'doc-1', pageNumbers: [1, 2] }),
  validation: () =>
    new ValidationEvent({
      eventType: DocumentEventTypes.VALIDATION_COMPLETED,
      documentId: 'doc-1',
      validationType: 'schema',
      validationStatus: 'failed',
      validationErrors: ['total'],
    }),
  error: () =>
    new ErrorEvent({
      eventType: DocumentEventTypes.ERROR_OCCURRED,
      documentId: 'doc-1',
      errorType: 'OcrFailed',
      errorMessage: 'unreadable',
      stackTrace: 'at x',
      recoveryAttempted: true,
    }),
  processing: () =>
    new ProcessingEvent({
      eventType: ProcessingEventTypes.JOB_PROGRESS,
      jobId: 'j1',
      workerId: 'w1',
      progress: 0.5,
      retryCount: 1,
      processingTime: 3.5,
      data: { step: 'ocr' },
    }),
}

const ROUND_TRIPS: ReadonlyArray<readonly [string, () => Event, AnyCodec, new (...args: never[]) => Event]> = [
  ['Event', samples.event, EventCodec, Event],
  ['DocumentEvent', samples.document, DocumentEventCodec, DocumentEvent],
  ['ValidationEvent', samples.validation, ValidationEventCodec, ValidationEvent],
  ['ErrorEvent', samples.error, ErrorEventCodec, ErrorEvent],
  ['ProcessingEvent', samples.processing, ProcessingEventCodec, ProcessingEvent],
]

/** Own property names of Object.prototype, to prove nothing was added to it. */
const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort()

// specs

describe('event codecs', () => {
  describe.each(ROUND_TRIPS)('%s', (kind, make, codec, Ctor) => {
    it('decodes its JSON form into a real, frozen instance of its class', () => {
      const decoded = right(codec.decode(viaJson(make())))
      expect(decoded).toBeInstanceOf(Ctor)
      expect(decoded).toBeInstanceOf(Event)
      expect(decoded.constructor).toBe(Ctor)
      expect(decoded.kind).toBe(kind)
      expect(Object.isFrozen(decoded)).toBe(true)
      expect(Object.isFrozen(decoded.payload)).toBe(true)
    })

    it('round-trips toJSON → JSON.stringify → JSON.parse → decode to an equal event of the same class', () => {
      const original = make()
      const decoded = right(codec.decode(JSON.parse(JSON.stringify(original.toJSON()))))
      expect(decoded).toStrictEqual(original)
      expect(decoded.constructor).toBe(original.constructor)
      expect(decoded.id).toBe(original.id)
      expect(decoded.timestamp).toBe(original.timestamp)
    })

    it('round-trips through AnyEventCodec too, kind choosing the class', () => {
      const original = make()
      const decoded = right(AnyEventCodec.decode(viaJson(original)))
      expect(decoded.constructor).toBe(Ctor)
      expect(decoded).toStrictEqual(original)
    })

    it('returns an instance of its class as it is, and is() is instanceof', () => {
      const e = make()
      expect(right(codec.decode(e))).toBe(e)
      expect(codec.is(e)).toBe(true)
      expect(codec.is(viaJson(e))).toBe(false)
      expect(codec.encode(e)).toEqual(e.toJSON())
    })

    it('returns a Left, never throws, for non-objects', () => {
      for (const u of [null, undefined, 0, 'x', true, [], () => undefined]) {
        expect(E.isLeft(codec.decode(u))).toBe(true)
      }
    })
  })

  describe('failing paths', () => {
    it('EventCodec names every failing field', () => {
      expect(
        leftFields(EventCodec, {
          eventType: 'a b',
          payload: [],
          id: '',
          priority: 'x',
          traceIds: [1],
          metadata: 1,
          timestamp: '1',
          source: 1,
          correlationId: 1,
        }),
      ).toEqual(['correlationId', 'eventType', 'id', 'metadata', 'payload', 'priority', 'source', 'timestamp', 'traceIds'].sort())
    })

    it('DocumentEventCodec names the base and document fields', () => {
      expect(leftFields(DocumentEventCodec, { eventType: '', pageNumbers: [-1] })).toEqual(['documentId', 'eventType', 'pageNumbers'])
    })

    it('ValidationEventCodec names the validation fields', () => {
      expect(leftFields(ValidationEventCodec, { eventType: 'a.b', documentId: 'd', validationErrors: 'x' })).toEqual([
        'validationErrors',
        'validationStatus',
        'validationType',
      ])
    })

    it('ErrorEventCodec names the error fields', () => {
      expect(leftFields(ErrorEventCodec, { eventType: 'a.b', documentId: 'd', recoveryAttempted: 'no' })).toEqual([
        'errorMessage',
        'errorType',
        'recoveryAttempted',
      ])
    })

    it('ProcessingEventCodec names the processing fields', () => {
      expect(leftFields(ProcessingEventCodec, { eventType: 'a.b', progress: 2, retryCount: -1, data: [] })).toEqual(['data', 'progress', 'retryCount'])
    })

    it('a subclass codec rejects a plain Event (no documentId)', () => {
      expect(leftFields(DocumentEventCodec, new Event({ eventType: 'a.b' }))).toEqual(['documentId'])
    })

    it('EventCodec accepts a DocumentEvent as it is (a DocumentEvent is an Event)', () => {
      const d = samples.document()
      expect(right(EventCodec.decode(d))).toBe(d)
    })

    it('rejects an object whose fields live on its prototype (not a plain object), as a Left', () => {
      const result = EventCodec.decode(Object.create({ eventType: 'a.b' }))
      expect(E.isLeft(result)).toBe(true)
    })
  })

  describe('AnyEventCodec', () => {
    it.each([
      ['Event', { eventType: 'a.b' }, Event],
      ['DocumentEvent', { eventType: 'a.b', documentId: 'd' }, DocumentEvent],
      ['ValidationEvent', { eventType: 'a.b', documentId: 'd', validationType: 'v', validationStatus: 's' }, ValidationEvent],
      ['ErrorEvent', { eventType: 'a.b', documentId: 'd', errorType: 'e', errorMessage: 'm' }, ErrorEvent],
      ['ProcessingEvent', { eventType: 'a.b' }, ProcessingEvent],
    ])('kind %s picks that class', (kind, fields, Ctor) => {
      const decoded = right(AnyEventCodec.decode({ ...fields, kind }))
      expect(decoded.constructor).toBe(Ctor)
    })

    it('kind wins over the fields present', () => {
      const decoded = right(AnyEventCodec.decode({ kind: 'Event', eventType: 'a.b', documentId: 'd', errorType: 'x', errorMessage: 'm' }))
      expect(decoded.constructor).toBe(Event)
      expect('documentId' in decoded).toBe(false)
    })

    it('a kind whose required fields are missing is a Left naming them', () => {
      expect(leftFields(AnyEventCodec, { kind: 'ErrorEvent', eventType: 'a.b' })).toEqual(['documentId', 'errorMessage', 'errorType'])
      expect(leftFields(AnyEventCodec, { kind: 'DocumentEvent', eventType: 'a.b' })).toEqual(['documentId'])
    })

    it.each([
      ['errorType', { eventType: 'a.b', documentId: 'd', errorType: 'e', errorMessage: 'm' }, ErrorEvent],
      ['validationType', { eventType: 'a.b', documentId: 'd', validationType: 'v', validationStatus: 's' }, ValidationEvent],
      ['documentId', { eventType: 'a.b', documentId: 'd' }, DocumentEvent],
      ['jobId', { eventType: 'a.b', jobId: 'j' }, ProcessingEvent],
      ['progress', { eventType: 'a.b', progress: 0.3 }, ProcessingEvent],
      ['nothing special', { eventType: 'a.b', payload: { documentId: 'in the payload' } }, Event],
    ])('without kind, infers the class from %s', (_label, fields, Ctor) => {
      expect(right(AnyEventCodec.decode(fields)).constructor).toBe(Ctor)
    })

    it('without kind, an errorType alone makes it an ErrorEvent that reports its missing fields', () => {
      expect(leftFields(AnyEventCodec, { eventType: 'a.b', errorType: 'e' })).toEqual(['documentId', 'errorMessage'])
    })

    it.each(['Nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 42])('an unknown kind %p falls back to the fields present', (kind) => {
      expect(right(AnyEventCodec.decode({ kind, eventType: 'a.b' })).constructor).toBe(Event)
      expect(right(AnyEventCodec.decode({ kind, eventType: 'a.b', documentId: 'd' })).constructor).toBe(DocumentEvent)
    })

    it('is() is instanceof Event and encode() is toJSON()', () => {
      const e = samples.error()
      expect(AnyEventCodec.is(e)).toBe(true)
      expect(AnyEventCodec.is(e.toJSON())).toBe(false)
      expect(AnyEventCodec.encode(e)).toEqual(e.toJSON())
    })
  })

  describe('eventCodec (user-defined classes)', () => {
    const OrderFields = t.intersection([t.type({ eventType: t.string, orderId: t.string }), t.partial({ id: t.string })])
    type OrderInit = t.TypeOf<typeof OrderFields>
    class OrderPlaced extends Event {
      static override readonly kind: string = 'OrderPlaced'
      readonly orderId: string
      constructor(init: OrderInit) {
        super(init)
        this.orderId = init.orderId
        Object.freeze(this)
      }
    }
    const OrderPlacedCodec = eventCodec('OrderPlaced', OrderPlaced, OrderFields)

    it('decodes into a real instance of the class', () => {
      const decoded = right(OrderPlacedCodec.decode({ eventType: 'order.placed', orderId: 'o1' }))
      expect(decoded).toBeInstanceOf(OrderPlaced)
      expect(decoded.orderId).toBe('o1')
      expect(OrderPlacedCodec.name).toBe('OrderPlaced')
    })

    it('reports the fields codec errors', () => {
      expect(leftFields(OrderPlacedCodec, { eventType: 'order.placed' })).toEqual(['orderId'])
    })

    it('turns a throwing constructor into a Left carrying its issues, at their paths', () => {
      // The fields codec accepts any string, the Event constructor does not accept 'not valid'.
      const result = OrderPlacedCodec.decode({ eventType: 'not valid', orderId: 'o1' })
      if (E.isRight(result)) throw new Error('expected a Left')
      expect(result.left.map((e) => e.context.map((entry) => entry.key).join('.'))).toEqual(['.eventType'])
      expect(result.left[0].message).toContain('event type')
    })

    it('turns a constructor throwing a non-Error into a Left too', () => {
      class Picky extends Event {
        constructor(init: EventInit) {
          super(init)
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw 'picky says no'
        }
      }
      const codec = eventCodec('Picky', Picky, t.type({ eventType: t.string }))
      const result = codec.decode({ eventType: 'a.b' })
      if (E.isRight(result)) throw new Error('expected a Left')
      expect(result.left[0].message).toBe('picky says no')
    })
  })
})

describe('parseEvent', () => {
  const json = '{"eventType":"document.processing.started","documentId":"d1","pageNumbers":[1]}'

  it('parses JSON text into a real event instance', () => {
    const e = parseEvent(json)
    expect(e).toBeInstanceOf(DocumentEvent)
    expect(instanceOf(DocumentEvent, e).documentId).toBe('d1')
    expect(Object.isFrozen(e)).toBe(true)
  })

  it('parses UTF-8 bytes (Uint8Array and Buffer)', () => {
    expect(parseEvent(new TextEncoder().encode(json))).toBeInstanceOf(DocumentEvent)
    expect(parseEvent(Buffer.from(json, 'utf8'))).toBeInstanceOf(DocumentEvent)
    const withText = parseEvent(Buffer.from('{"eventType":"a.b","payload":{"name":"Zoë ✓"}}', 'utf8'))
    expect(withText.payload).toEqual({ name: 'Zoë ✓' })
  })

  it('decodes an already parsed value', () => {
    const e = parseEvent({ eventType: 'a.b', payload: { x: 1 } })
    expect(e.constructor).toBe(Event)
    expect(e.payload).toEqual({ x: 1 })
  })

  it('rebuilds the class named by kind, keeping id and timestamp', () => {
    const original = samples.error()
    const parsed = parseEvent(JSON.stringify(original))
    expect(parsed.constructor).toBe(ErrorEvent)
    expect(parsed).toStrictEqual(original)
  })

  it('throws an EventValidationError listing every failing path', () => {
    const error = validationErrorOf(() =>
      parseEvent('{"kind":"ErrorEvent","eventType":"a b","documentId":"","pageNumbers":[-1],"errorType":"","priority":"now"}'),
    )
    expect(error.subject).toBe('parseEvent(input)')
    expect([...error.paths].sort()).toEqual(['documentId', 'errorMessage', 'errorType', 'eventType', 'pageNumbers', 'priority'])
    expect(error.message).toContain('6 problems')
  })

  it.each([
    ['null', null],
    ['a number', 42],
    ['an array', [{ eventType: 'a.b' }]],
    ['JSON null', 'null'],
    ['a JSON string', '"a.b"'],
  ])('throws an EventValidationError for %s', (_label, input) => {
    expect(() => parseEvent(input)).toThrow(EventValidationError)
  })

  it('throws an EventValidationError (not a SyntaxError) for bad JSON', () => {
    for (const text of ['{bad', '', '{"eventType":"a.b"', "{'eventType':'a.b'}"]) {
      const error = validationErrorOf(() => parseEvent(text))
      expect(error.paths).toEqual([''])
      expect(error.issues[0].expected).toBe('JSON text')
    }
  })

  it('throws for bad UTF-8 JSON bytes too', () => {
    expect(() => parseEvent(new Uint8Array([0x7b, 0xff, 0xfe]))).toThrow(EventValidationError)
  })

  describe('maxPayloadBytes', () => {
    it('defaults to 1 MiB', () => {
      expect(DEFAULT_MAX_PAYLOAD_BYTES).toBe(1024 * 1024)
      const filler = 'x'.repeat(DEFAULT_MAX_PAYLOAD_BYTES)
      const error = validationErrorOf(() => parseEvent(`{"eventType":"a.b","payload":{"f":"${filler}"}}`))
      expect(error.issues[0].expected).toContain('maxPayloadBytes')
    })

    it('accepts text of exactly the limit and rejects one byte more', () => {
      const text = '{"eventType":"a.b"}'
      expect(parseEvent(text, { maxPayloadBytes: text.length }).eventType).toBe('a.b')
      const error = validationErrorOf(() => parseEvent(text, { maxPayloadBytes: text.length - 1 }))
      expect(error.issues).toEqual([{ path: '', expected: `at most ${text.length - 1} bytes (maxPayloadBytes)`, actual: `${text.length} bytes` }])
    })

    it('counts UTF-8 bytes, not characters', () => {
      const text = '{"eventType":"a.b","payload":{"s":"éé"}}' // 2 characters, 4 bytes
      const bytes = new TextEncoder().encode(text).byteLength
      expect(bytes).toBe(text.length + 2)
      expect(() => parseEvent(text, { maxPayloadBytes: text.length })).toThrow(EventValidationError)
      expect(parseEvent(text, { maxPayloadBytes: bytes }).payload).toEqual({ s: 'éé' })
    })

    it('limits bytes input too', () => {
      const bytes = new TextEncoder().encode('{"eventType":"a.b"}')
      expect(() => parseEvent(bytes, { maxPayloadBytes: bytes.byteLength - 1 })).toThrow(EventValidationError)
      expect(parseEvent(bytes, { maxPayloadBytes: bytes.byteLength }).eventType).toBe('a.b')
    })

    it('rejects before parsing: JSON.parse is never called on an oversized input', () => {
      const parse = jest.spyOn(JSON, 'parse')
      try {
        const error = validationErrorOf(() => parseEvent('{not even json' + ' '.repeat(100), { maxPayloadBytes: 10 }))
        expect(error.issues[0].expected).toContain('maxPayloadBytes')
        expect(() => parseEvent(new Uint8Array(100), { maxPayloadBytes: 10 })).toThrow(EventValidationError)
        expect(parse).not.toHaveBeenCalled()
      } finally {
        parse.mockRestore()
      }
    })
  })
})

describe('security: hostile input (SPEC §10)', () => {
  let before: string[]
  beforeEach(() => {
    before = prototypeKeys()
  })
  afterEach(() => {
    // Nothing reached Object.prototype.
    expect(prototypeKeys()).toEqual(before)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it.each([
    ['payload.__proto__', '{"eventType":"a.b","payload":{"__proto__":{"polluted":true}}}', 'payload'],
    ['payload.constructor.prototype', '{"eventType":"a.b","payload":{"constructor":{"prototype":{"polluted":true}}}}', 'payload'],
    ['payload.prototype', '{"eventType":"a.b","payload":{"prototype":{"polluted":true}}}', 'payload'],
    ['metadata.__proto__', '{"eventType":"a.b","metadata":{"__proto__":{"polluted":true}}}', 'metadata'],
    ['data.__proto__', '{"kind":"ProcessingEvent","eventType":"a.b","data":{"__proto__":{"polluted":true}}}', 'data'],
    ['nested payload.a.__proto__', '{"eventType":"a.b","payload":{"a":{"__proto__":{"polluted":true}}}}', 'payload'],
  ])('keeps %s as plain data and never pollutes Object.prototype', (_label, text, field) => {
    const e = parseEvent(text) as unknown as Record<string, Record<string, unknown>>
    const holder = e[field]
    expect(Object.getPrototypeOf(holder)).toBe(Object.prototype)
    expect(Object.isFrozen(holder)).toBe(true)
    expect(JSON.parse(JSON.stringify(holder))).toEqual(JSON.parse(text)[field])
    expect((holder as { polluted?: unknown }).polluted).toBeUndefined()
  })

  it('keeps a __proto__ key of a payload as an own data property, through the codecs and a JSON round trip', () => {
    const e = parseEvent('{"eventType":"a.b","payload":{"__proto__":{"admin":true}}}')
    expect(Object.keys(e.payload)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(e.payload, '__proto__')?.value).toEqual({ admin: true })
    expect((e.payload as { admin?: unknown }).admin).toBeUndefined()
    const again = parseEvent(JSON.stringify(e))
    expect(Object.keys(again.payload)).toEqual(['__proto__'])
    expect((again.payload as { admin?: unknown }).admin).toBeUndefined()
    expect(({} as { admin?: unknown }).admin).toBeUndefined()
  })

  it('does not let a top-level __proto__ smuggle in fields or a class', () => {
    const e = parseEvent('{"eventType":"a.b","__proto__":{"documentId":"x","kind":"DocumentEvent","errorType":"E"}}')
    expect(e.constructor).toBe(Event)
    expect('documentId' in e).toBe(false)
    const error = validationErrorOf(() => parseEvent('{"kind":"DocumentEvent","eventType":"a.b","__proto__":{"documentId":"x"}}'))
    expect(error.paths).toEqual(['documentId'])
    expect(validationErrorOf(() => parseEvent('{"__proto__":{"eventType":"a.b"}}')).paths).toEqual(['eventType'])
  })

  it('decodes objects with __proto__, constructor and prototype keys without touching prototypes (codec level)', () => {
    const hostile = JSON.parse(
      '{"eventType":"a.b","constructor":{"prototype":{"polluted":true}},"prototype":{"polluted":true},"__proto__":{"polluted":true}}',
    ) as unknown
    for (const [, codec] of CODECS) {
      const result = codec.decode(hostile)
      if (E.isRight(result)) {
        expect(Object.getPrototypeOf(result.right)).toBe(result.right.constructor.prototype)
        expect((result.right as unknown as { polluted?: unknown }).polluted).toBeUndefined()
      }
    }
  })

  it.each([
    ['a space', 'document processing.started'],
    ['a newline', 'document.processing\n.started'],
    ['a carriage return', 'a.b\r'],
    ['a NUL', 'a\u0000.b'],
    ['an escape sequence', '\u001b[2J.b'],
    ['DEL', 'a.b\u007f'],
    ['a line separator', 'a.b\u2028'],
    ['a tab', 'a\t.b'],
    ['a NATS wildcard', 'a.>'],
  ])('rejects an event type name with %s, and escapes it in the error', (_label, eventType) => {
    const error = validationErrorOf(() => parseEvent(JSON.stringify({ eventType })))
    expect(error.paths).toEqual(['eventType'])
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/)
    for (const [, codec] of CODECS) expect(E.isLeft(codec.decode({ eventType, documentId: 'd' }))).toBe(true)
  })

  it('handles a cyclic payload without hanging or throwing anything but an EventValidationError', () => {
    const payload: Record<string, unknown> = { a: 1 }
    payload['self'] = payload
    const e = right(EventCodec.decode({ eventType: 'a.b', payload }))
    expect(Object.isFrozen(e.payload)).toBe(true)
    expect(() => parseEvent({ eventType: 'bad type', payload: [payload] })).toThrow(EventValidationError)
  })
})

describe('properties (fast-check)', () => {
  const allCodecs = CODECS.map(([, c]) => c)

  it('no codec throws on an arbitrary JSON value; each returns a Left or a Right', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (u) => {
        for (const codec of allCodecs) {
          const result = codec.decode(u)
          expect(E.isLeft(result) || E.isRight(result)).toBe(true)
          if (E.isRight(result)) expect(result.right).toBeInstanceOf(Event)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('no codec throws on arbitrary values (null prototypes, boxed values, maps, typed arrays, ...)', () => {
    const anything = fc.anything({
      withNullPrototype: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withObjectString: true,
      withTypedArray: true,
      withSparseArray: true,
      withDate: true,
      withBigInt: true,
    })
    fc.assert(
      fc.property(anything, (u) => {
        for (const codec of allCodecs) {
          const result = codec.decode(u)
          expect(E.isLeft(result) || E.isRight(result)).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })

  const validType = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}(\.[A-Za-z0-9_-]{1,12}){0,3}$/)
  const eventLike = fc.record(
    {
      kind: fc.constantFrom('Event', 'DocumentEvent', 'ValidationEvent', 'ErrorEvent', 'ProcessingEvent', 'Other'),
      eventType: fc.oneof(validType, fc.string(), fc.anything()),
      payload: fc.oneof(fc.object(), fc.anything()),
      id: fc.oneof(fc.string(), fc.anything()),
      timestamp: fc.oneof(fc.double(), fc.anything()),
      priority: fc.oneof(fc.constantFrom('immediate', 'normal', 'deferred'), fc.anything()),
      documentId: fc.oneof(fc.string(), fc.anything()),
      pageNumbers: fc.oneof(fc.array(fc.integer()), fc.anything()),
      errorType: fc.string(),
      errorMessage: fc.anything(),
      progress: fc.oneof(fc.double(), fc.anything()),
      traceIds: fc.oneof(fc.array(fc.string()), fc.anything()),
    },
    { requiredKeys: [] },
  )

  it('codecs and parseEvent never throw anything but EventValidationError on event-like input', () => {
    fc.assert(
      fc.property(eventLike, (u) => {
        for (const codec of allCodecs) {
          const result = codec.decode(u)
          expect(E.isLeft(result) || E.isRight(result)).toBe(true)
        }
        try {
          expect(parseEvent(u)).toBeInstanceOf(Event)
        } catch (error) {
          expect(error).toBeInstanceOf(EventValidationError)
          expect((error as EventValidationError).issues.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('parseEvent on arbitrary text throws only EventValidationError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        try {
          expect(parseEvent(text)).toBeInstanceOf(Event)
        } catch (error) {
          expect(error).toBeInstanceOf(EventValidationError)
        }
      }),
      { numRuns: 300 },
    )
  })

  // Valid inits of every class.
  // JSON has no -0: normalize generated values to what survives JSON.stringify/parse.
  const jsonSafe = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown)
  const jsonObject = fc.dictionary(fc.string(), jsonSafe, { maxKeys: 5, noNullPrototype: true })
  const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined | null> => fc.oneof(arb, fc.constant(undefined), fc.constant(null))
  const baseInit = fc.record(
    {
      eventType: validType,
      payload: optional(jsonObject),
      id: optional(fc.string({ minLength: 1 })),
      timestamp: optional(fc.integer({ min: 0, max: 2 ** 47 })),
      priority: optional(fc.constantFrom(...Object.values(EventPriority))),
      source: optional(fc.string()),
      correlationId: optional(fc.string()),
      metadata: optional(jsonObject),
      traceIds: optional(fc.array(fc.string(), { maxLength: 4 })),
    },
    { requiredKeys: ['eventType'] },
  )
  const documentInit = fc.record(
    { documentId: fc.string({ minLength: 1 }), pageNumbers: optional(fc.array(fc.nat(), { maxLength: 5 })) },
    { requiredKeys: ['documentId'] },
  )
  const unit = fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000)
  const anyValidEvent: fc.Arbitrary<Event> = fc.oneof(
    baseInit.map((i) => new Event(i)),
    fc.tuple(baseInit, documentInit).map(([b, d]) => new DocumentEvent({ ...b, ...d })),
    fc
      .tuple(
        baseInit,
        documentInit,
        fc.record({
          validationType: fc.string({ minLength: 1 }),
          validationStatus: fc.string({ minLength: 1 }),
          validationErrors: optional(fc.array(fc.string())),
        }),
      )
      .map(([b, d, v]) => new ValidationEvent({ ...b, ...d, ...v })),
    fc
      .tuple(
        baseInit,
        documentInit,
        fc.record({
          errorType: fc.string({ minLength: 1 }),
          errorMessage: fc.string(),
          stackTrace: optional(fc.string()),
          recoveryAttempted: optional(fc.boolean()),
        }),
      )
      .map(([b, d, x]) => new ErrorEvent({ ...b, ...d, ...x })),
    fc
      .tuple(
        baseInit,
        fc.record(
          {
            fileId: optional(fc.string()),
            jobId: optional(fc.string()),
            workerId: optional(fc.string()),
            progress: optional(unit),
            retryCount: optional(fc.nat()),
            processingTime: optional(fc.integer({ min: 0, max: 10 ** 6 })),
            error: optional(fc.string()),
            data: optional(jsonObject),
          },
          { requiredKeys: [] },
        ),
      )
      .map(([b, p]) => new ProcessingEvent({ ...b, ...p })),
  )

  it('any valid event round-trips through JSON and AnyEventCodec to an equal event of the same class', () => {
    fc.assert(
      fc.property(anyValidEvent, (original) => {
        const decoded = right(AnyEventCodec.decode(JSON.parse(JSON.stringify(original))))
        expect(decoded.constructor).toBe(original.constructor)
        expect(decoded).toStrictEqual(original)
        expect(parseEvent(JSON.stringify(original))).toStrictEqual(original)
      }),
      { numRuns: 300 },
    )
  })

  it("any valid event round-trips through its own class's codec", () => {
    const codecOf = (e: Event): AnyCodec =>
      e instanceof ErrorEvent
        ? ErrorEventCodec
        : e instanceof ValidationEvent
          ? ValidationEventCodec
          : e instanceof DocumentEvent
            ? DocumentEventCodec
            : e instanceof ProcessingEvent
              ? ProcessingEventCodec
              : EventCodec
    fc.assert(
      fc.property(anyValidEvent, (original) => {
        const decoded = right(codecOf(original).decode(viaJson(original)))
        expect(decoded).toStrictEqual(original)
      }),
      { numRuns: 200 },
    )
  })
})
