import * as t from 'io-ts'
import { isPlainObject } from '../internal/freeze'

// model

/**
 * The form of an event type name: dot-separated segments of letters, digits, `_` and `-`
 * (`domain.action.state`), at most 256 characters; safe as a NATS subject and in logs.
 *
 * @category events
 * @since 0.1.0
 */
export const EVENT_TYPE_PATTERN = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/

/** @internal */
export const MAX_EVENT_TYPE_LENGTH = 256

/** @internal The fast check behind {@link EventTypeName}. */
export function isEventTypeName(u: unknown): u is string {
  return typeof u === 'string' && u.length > 0 && u.length <= MAX_EVENT_TYPE_LENGTH && EVENT_TYPE_PATTERN.test(u)
}

/** @internal Like `Array#every`, but a hole fails the test (`every` skips holes). */
export function everyIndex(a: readonly unknown[], test: (x: unknown) => boolean): boolean {
  for (let i = 0; i < a.length; i++) if (!(i in a) || !test(a[i])) return false
  return true
}

const refine = <A>(name: string, expected: string, is: (u: unknown) => u is A): t.Type<A, A> =>
  new t.Type<A, A, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c, expected)), t.identity)

/**
 * io-ts codec of an event type name (see {@link EVENT_TYPE_PATTERN}).
 *
 * @category codecs
 * @since 0.1.0
 */
export const EventTypeName = refine(
  'EventTypeName',
  'a non-empty event type of dot-separated segments of letters, digits, _ and - (for example "document.processing.started")',
  isEventTypeName,
)

/**
 * io-ts codec of a plain JSON-like object (`{}`, not an array, not a class instance).
 *
 * @category codecs
 * @since 0.1.0
 */
export const PlainObject = refine('PlainObject', 'a plain object ({ ... })', isPlainObject)

const nonEmptyString = refine('NonEmptyString', 'a non-empty string', (u): u is string => typeof u === 'string' && u.length > 0)
const str = refine('string', 'a string', (u): u is string => typeof u === 'string')
const finiteNumber = refine('FiniteNumber', 'a finite number', (u): u is number => typeof u === 'number' && Number.isFinite(u))
const nonNegativeInt = refine('NonNegativeInt', 'a whole number >= 0', (u): u is number => Number.isInteger(u) && (u as number) >= 0)
const nonNegative = refine('NonNegativeNumber', 'a finite number >= 0', (u): u is number => typeof u === 'number' && Number.isFinite(u) && u >= 0)
const unitInterval = refine('UnitInterval', 'a number from 0 to 1', (u): u is number => typeof u === 'number' && u >= 0 && u <= 1)
const bool = refine('boolean', 'true or false', (u): u is boolean => typeof u === 'boolean')
const priority = refine(
  'EventPriority',
  "one of 'immediate', 'normal', 'deferred' (EventPriority)",
  (u): u is 'immediate' | 'normal' | 'deferred' => u === 'immediate' || u === 'normal' || u === 'deferred',
)
const stringArray = (name: string): t.Type<string[], string[]> =>
  refine(name, 'an array of strings', (u): u is string[] => Array.isArray(u) && everyIndex(u, (x) => typeof x === 'string'))
const intArray = refine(
  'PageNumbers',
  'an array of whole numbers >= 0',
  (u): u is number[] => Array.isArray(u) && everyIndex(u, (x) => Number.isInteger(x) && (x as number) >= 0),
)

/** Optional fields accept `null` as absent (the Python original sends `None` as `null`). */
const validationErrors = refine(
  'ValidationErrors',
  'an array of strings or of objects such as { code, page, message }',
  (u): u is (string | Record<string, unknown>)[] => Array.isArray(u) && everyIndex(u, (x) => typeof x === 'string' || isPlainObject(x)),
)

const orNull = <A>(c: t.Type<A, A>): t.Type<A | null, A | null> => t.union([c, t.null], c.name)

/** @internal The fields of every event, as received from outside (defaults not applied yet). */
export const EventFields = t.intersection(
  [
    t.type({ eventType: EventTypeName }),
    t.partial({
      id: orNull(nonEmptyString),
      payload: orNull(PlainObject),
      timestamp: orNull(finiteNumber),
      priority: orNull(priority),
      source: orNull(str),
      correlationId: orNull(str),
      metadata: orNull(PlainObject),
      traceIds: orNull(stringArray('TraceIds')),
    }),
  ],
  'EventFields',
)

/** @internal */
export const DocumentEventFields = t.intersection(
  [EventFields, t.type({ documentId: nonEmptyString }), t.partial({ pageNumbers: orNull(intArray) })],
  'DocumentEventFields',
)

/** @internal */
export const ValidationEventFields = t.intersection(
  [
    DocumentEventFields,
    t.type({ validationType: nonEmptyString, validationStatus: nonEmptyString }),
    t.partial({ validationErrors: orNull(validationErrors) }),
  ],
  'ValidationEventFields',
)

/** @internal */
export const ErrorEventFields = t.intersection(
  [DocumentEventFields, t.type({ errorType: nonEmptyString, errorMessage: str }), t.partial({ stackTrace: orNull(str), recoveryAttempted: orNull(bool) })],
  'ErrorEventFields',
)

/** @internal */
export const ProcessingEventFields = t.intersection(
  [
    EventFields,
    t.partial({
      fileId: orNull(str),
      jobId: orNull(str),
      batchId: orNull(str),
      sessionId: orNull(str),
      queueName: orNull(str),
      workerId: orNull(str),
      progress: orNull(unitInterval),
      error: orNull(str),
      retryCount: orNull(nonNegativeInt),
      processingTime: orNull(nonNegative),
      data: orNull(PlainObject),
    }),
  ],
  'ProcessingEventFields',
)
