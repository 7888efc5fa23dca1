import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  DocumentEvent,
  type DocumentEventInit,
  encodeEvent,
  ErrorEvent,
  Event,
  EventValidationError,
  parseEvent,
  ProcessingEvent,
  ValidationEvent,
} from '../../lib'
import { isoTimestamp, parseIsoTimestamp } from '../../lib/events/seedWire'

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/seed', `${name}.json`), 'utf8')) as Record<string, unknown>
const AT = Date.UTC(2024, 0, 15, 10, 30, 0, 123)
const COMMON = { source: 'ocr-service', correlationId: 'corr-1', metadata: { tenant: 'acme', retry_of: null }, traceIds: ['t-1', 't-2'] }

describe('the seed wire format (the Python original dataclasses through asdict and json.dumps)', () => {
  it.each([
    ['Event', Event, { eventType: 'user.account.created', payload: { user_id: 'u-1', plan: 'pro' }, timestamp: AT, priority: 'immediate' }],
    [
      'DocumentEvent',
      DocumentEvent,
      { eventType: 'document.ocr.completed', payload: { text_length: 1834, language: 'en' }, timestamp: AT, documentId: 'doc-42', pageNumbers: [1, 2, 3] },
    ],
    [
      'ValidationEvent',
      ValidationEvent,
      {
        eventType: 'document.validation.completed',
        priority: 'deferred',
        documentId: 'doc-42',
        pageNumbers: [2],
        validationType: 'schema',
        validationStatus: 'failed',
        validationErrors: [
          { code: 'missing_field', page: 2, message: 'total is missing' },
          { code: 'bad_date', page: 3, message: 'date is not ISO' },
        ],
      },
    ],
    [
      'ErrorEvent',
      ErrorEvent,
      {
        eventType: 'document.error.occurred',
        timestamp: Date.UTC(2024, 0, 15, 10, 30, 5),
        payload: { stage: 'ocr' },
        documentId: 'doc-42',
        pageNumbers: [],
        errorType: 'OCRError',
        errorMessage: 'engine timed out',
        stackTrace: 'Traceback (most recent call last):\n  ...',
        recoveryAttempted: true,
      },
    ],
    [
      'ProcessingEvent',
      ProcessingEvent,
      {
        eventType: 'processing.job.completed',
        payload: { ok: true },
        fileId: 'f-1',
        jobId: 'j-1',
        batchId: 'b-1',
        sessionId: 's-1',
        queueName: 'ocr',
        workerId: 'w-1',
        progress: 1,
        retryCount: 2,
        processingTime: 1250,
        data: { pages: 12 },
      },
    ],
  ] as const)('%s: decodes to the right class with every field, and our encoding gives back the same JSON', (name, Ctor, fields) => {
    const json = fixture(name)
    const event = parseEvent(JSON.stringify(json), { wireFormat: 'seed' })
    expect(event).toBeInstanceOf(Ctor)
    expect(event.constructor).toBe(Ctor)
    expect(event).toMatchObject({ ...COMMON, id: json['id'], ...fields })
    if (!(event instanceof ProcessingEvent)) expect(event).not.toHaveProperty('error')
    const encoded = encodeEvent(event, { wireFormat: 'seed' })
    expect(Object.keys(encoded)).toEqual(Object.keys(json)) // every field, in the dataclass order
    expect(JSON.parse(JSON.stringify(encoded))).toEqual(json)
    expect(parseEvent(encoded, { wireFormat: 'seed' })).toEqual(event)
  })

  it('reads the timestamps Python writes (T or space, fraction and offset optional; none is UTC) and writes isoformat()', () => {
    expect(parseIsoTimestamp('2024-01-15T10:30:00.123456+00:00')).toBeCloseTo(AT + 0.456, 6)
    expect(parseIsoTimestamp('2024-01-15 10:30:00.123')).toBe(AT)
    expect(parseIsoTimestamp('2024-01-15T12:30:00.123+02:00')).toBe(AT)
    expect(parseIsoTimestamp('2024-01-15T05:00:00.123-0530')).toBe(AT)
    expect(parseIsoTimestamp('2024-01-15T10:30:00.123Z')).toBe(AT)
    expect(parseIsoTimestamp('15/01/2024')).toBeNaN()
    expect(isoTimestamp(AT)).toBe('2024-01-15T10:30:00.123000+00:00')
    expect(isoTimestamp(Date.UTC(2024, 0, 15))).toBe('2024-01-15T00:00:00+00:00')
    expect(isoTimestamp(AT + 0.5)).toBe('2024-01-15T10:30:00.123500+00:00')
    expect(isoTimestamp(Date.UTC(2024, 0, 15) - 0.0002)).toBe('2024-01-15T00:00:00+00:00') // rounds up to the next second
  })

  it('a bad timestamp or wire format is an EventValidationError naming the path, never the value', () => {
    const bad = { ...fixture('Event'), timestamp: 'yesterday 5pm' }
    expect(() => parseEvent(bad, { wireFormat: 'seed' })).toThrow(/timestamp: expected an ISO 8601 timestamp/)
    expect(() => parseEvent(bad, { wireFormat: 'seed' })).not.toThrow(/yesterday/)
    expect(() => parseEvent({}, { wireFormat: 'python' as never })).toThrow(/options\.wireFormat: expected 'native' or 'seed'/)
    expect(() => encodeEvent(new Event({ eventType: 'a.b' }), { wireFormat: 'python' as never })).toThrow(/options\.wireFormat/)
    expect(() => encodeEvent({ eventType: 'a.b' } as never)).toThrow(/event: expected an Event/)
    expect(() => encodeEvent(new Event({ eventType: 'a.b' }), null as never)).toThrow(/options: expected an options object/)
  })

  it('a seed message with a throwing getter is an EventValidationError, not a crash', () => {
    const hostile = Object.defineProperty({ event_type: 'a.b' }, 'payload', {
      enumerable: true,
      get() {
        throw new Error('secret')
      },
    })
    expect(() => parseEvent(hostile, { wireFormat: 'seed' })).toThrow(EventValidationError)
  })

  it('the native format stays the default: encodeEvent is toJSON, and numeric seed timestamps are kept', () => {
    const e = new DocumentEvent({ eventType: 'document.ocr.completed', documentId: 'd1', timestamp: 5 })
    expect(encodeEvent(e)).toEqual(e.toJSON())
    expect(parseEvent({ event_type: 'a.b', timestamp: 7, processing_time: null }, { wireFormat: 'seed' }).timestamp).toBe(7)
    expect(() => parseEvent([1], { wireFormat: 'seed' })).toThrow(EventValidationError)
  })

  it('writes a subclass of yours with its own fields snake_cased, and reads it back with its built-in class', () => {
    class ReviewEvent extends DocumentEvent {
      static override readonly kind: string = 'ReviewEvent'
      readonly reviewerId: string
      constructor(init: DocumentEventInit & { readonly reviewerId: string }) {
        super(init)
        this.reviewerId = init.reviewerId
      }
    }
    const e = new ReviewEvent({ eventType: 'document.review.done', documentId: 'd1', reviewerId: 'r1', timestamp: AT })
    const json = encodeEvent(e, { wireFormat: 'seed' })
    expect(json).toMatchObject({ event_type: 'document.review.done', document_id: 'd1', reviewer_id: 'r1', timestamp: '2024-01-15T10:30:00.123000+00:00' })
    expect(json).not.toHaveProperty('kind')
    expect(parseEvent(json, { wireFormat: 'seed' })).toBeInstanceOf(DocumentEvent)
  })

  it('ValidationEvent.validationErrors holds strings and objects alike, frozen; anything else is refused', () => {
    const e = new ValidationEvent({
      eventType: 'document.validation.completed',
      documentId: 'd',
      validationType: 'schema',
      validationStatus: 'failed',
      validationErrors: ['total is missing', { code: 'bad_date', page: 3, message: 'x' }],
    })
    expect(e.validationErrors).toEqual(['total is missing', { code: 'bad_date', page: 3, message: 'x' }])
    expect(Object.isFrozen(e.validationErrors[1])).toBe(true)
    expect(
      () => new ValidationEvent({ eventType: 'a.b', documentId: 'd', validationType: 's', validationStatus: 'f', validationErrors: [3] as never }),
    ).toThrow(/validationErrors: expected an array of strings or of objects such as \{ code, page, message \}/)
  })
})
