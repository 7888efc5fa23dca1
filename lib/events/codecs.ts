import * as t from 'io-ts'
import { isPlainObject } from '../internal/freeze'
import { DocumentEvent } from './DocumentEvent'
import { ErrorEvent } from './ErrorEvent'
import { Event, type EventJson } from './Event'
import { DocumentEventFields, ErrorEventFields, EventFields, ProcessingEventFields, ValidationEventFields } from './fields'
import { ProcessingEvent } from './ProcessingEvent'
import { ValidationEvent } from './ValidationEvent'

// constructors

/**
 * Builds the codec of an event class from the io-ts codec of its fields: `decode` validates
 * `unknown` input and returns a real, frozen instance; `encode` gives the JSON form; `is` is
 * `instanceof`. Use it for your own `Event` subclasses.
 *
 * @param name The codec's name (shown in errors).
 * @param ctor The class; its constructor takes the decoded fields as init.
 * @param fields The io-ts codec of the init fields.
 * @returns An io-ts codec `Type<E, EventJson, unknown>`.
 * @category codecs
 * @since 0.1.0
 */
export function eventCodec<E extends Event<object>, F>(name: string, ctor: new (init: F) => E, fields: t.Decoder<unknown, F>): t.Type<E, EventJson> {
  return new t.Type<E, EventJson, unknown>(
    name,
    (u): u is E => u instanceof ctor,
    (u, c) => {
      if (u instanceof ctor) return t.success(u)
      const decoded = fields.validate(u, c)
      if (decoded._tag === 'Left') return decoded
      try {
        return t.success(new ctor(decoded.right))
      } catch (error) {
        return t.failure(u, c, error instanceof Error ? error.message : String(error))
      }
    },
    (e) => e.toJSON(),
  )
}

// codecs

/**
 * io-ts codec of {@link Event}: decodes `unknown` (for example parsed JSON) into an `Either`
 * of errors or a real `Event`.
 *
 * @example
 * import { isRight } from 'fp-ts/Either'
 * isRight(EventCodec.decode({ eventType: 'user.created' })) // true
 *
 * @category codecs
 * @since 0.1.0
 */
export const EventCodec = eventCodec('Event', Event, EventFields)

/**
 * io-ts codec of {@link DocumentEvent}.
 *
 * @category codecs
 * @since 0.1.0
 */
export const DocumentEventCodec = eventCodec('DocumentEvent', DocumentEvent, DocumentEventFields)

/**
 * io-ts codec of {@link ValidationEvent}.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ValidationEventCodec = eventCodec('ValidationEvent', ValidationEvent, ValidationEventFields)

/**
 * io-ts codec of {@link ErrorEvent}.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ErrorEventCodec = eventCodec('ErrorEvent', ErrorEvent, ErrorEventFields)

/**
 * io-ts codec of {@link ProcessingEvent}.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProcessingEventCodec = eventCodec('ProcessingEvent', ProcessingEvent, ProcessingEventFields)

const BY_KIND: Readonly<Record<string, t.Decoder<unknown, Event>>> = Object.freeze({
  Event: EventCodec,
  DocumentEvent: DocumentEventCodec,
  ValidationEvent: ValidationEventCodec,
  ErrorEvent: ErrorEventCodec,
  ProcessingEvent: ProcessingEventCodec,
})

/** @internal Which codec fits an input: its `kind` if it names one, else the fields it has. */
export function codecFor(u: unknown): t.Decoder<unknown, Event> {
  if (!isPlainObject(u)) return EventCodec
  const kind = u['kind']
  if (typeof kind === 'string' && Object.prototype.hasOwnProperty.call(BY_KIND, kind)) return BY_KIND[kind]
  if ('errorType' in u || 'errorMessage' in u) return ErrorEventCodec
  if ('validationType' in u || 'validationStatus' in u) return ValidationEventCodec
  if ('documentId' in u) return DocumentEventCodec
  if (['jobId', 'fileId', 'batchId', 'sessionId', 'workerId', 'queueName', 'progress'].some((k) => k in u)) return ProcessingEventCodec
  return EventCodec
}

/**
 * io-ts codec of any built-in event: picks the class by the input's `kind` (as written by
 * `toJSON`), else by the fields present (`errorType` → `ErrorEvent`, `validationType` →
 * `ValidationEvent`, `documentId` → `DocumentEvent`, job fields → `ProcessingEvent`, else
 * `Event`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const AnyEventCodec = new t.Type<Event, EventJson, unknown>(
  'AnyEvent',
  (u): u is Event => u instanceof Event,
  (u, c) => codecFor(u).validate(u, c),
  (e) => e.toJSON(),
)
