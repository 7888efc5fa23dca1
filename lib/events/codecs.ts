import * as t from 'io-ts'
import { EventValidationError } from '../errors/EventValidationError'
import { isPlainObject } from '../internal/freeze'
import { clip, describeThrown } from '../internal/render'
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
 * `instanceof`. Use it for your own `Event` subclasses. `decode` never throws: a getter or Proxy
 * trap that throws, or a payload nested too deep, is a `Left` like any other bad input.
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
    (u): u is E => isInstance(u, ctor),
    (u, c) => {
      let decoded: t.Validation<F>
      try {
        if (u instanceof ctor) return t.success(u)
        decoded = fields.validate(u, c)
      } catch (error) {
        return failureOf(u, c, error)
      }
      if (decoded._tag === 'Left') return decoded
      try {
        return t.success(new ctor(decoded.right))
      } catch (error) {
        return isInstance(error, EventValidationError) ? failureOf(u, c, error) : t.failure(u, c, messageOf(error))
      }
    },
    (e) => e.toJSON(),
  )
}

/** What a constructor of yours threw, as the Left's message: its message (or the thrown string), escaped and cut. */
function messageOf(error: unknown): string {
  try {
    return clip(error instanceof Error ? error.message : String(error), 500)
  } catch {
    return `a valid init (the constructor threw ${describeThrown(error)})`
  }
}

/** `instanceof` that is false, not a throw, for a Proxy whose `getPrototypeOf` trap throws. */
function isInstance(u: unknown, ctor: abstract new (...args: never[]) => unknown): boolean {
  try {
    return u instanceof ctor
  } catch {
    return false
  }
}

/**
 * A decoder's failure for something thrown while decoding: the issues of an
 * `EventValidationError` (from the class's constructor: too deep, a throwing getter) at their
 * paths, else one issue saying the value could not be read. A decoder returns it, never throws.
 */
function failureOf(u: unknown, c: t.Context, error: unknown): t.Validation<never> {
  if (isInstance(error, EventValidationError)) {
    return t.failures(
      (error as EventValidationError).issues.map((issue) => ({
        value: issue.value,
        context: issue.path === '' ? c : [...c, { key: issue.path, type: t.unknown, actual: issue.value }],
        message: issue.expected,
      })),
    )
  }
  return t.failure(u, c, `plain data that can be read (reading it threw ${describeThrown(error)})`)
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
  (u): u is Event => isInstance(u, Event),
  (u, c) => {
    try {
      return codecFor(u).validate(u, c)
    } catch (error) {
      return failureOf(u, c, error)
    }
  },
  (e) => e.toJSON(),
)
