import { deepFreeze } from '../internal/freeze'
import { DocumentEvent, type DocumentEventInit } from './DocumentEvent'
import type { FieldsCodec, Payload } from './Event'
import { ValidationEventFields } from './fields'

/**
 * The init object of {@link ValidationEvent}.
 *
 * @category events
 * @since 0.1.0
 */
export interface ValidationEventInit<P extends Payload = Record<string, unknown>, T extends string = string> extends DocumentEventInit<P, T> {
  /** What was validated, for example `'schema'` or `'human-review'`. Required. */
  readonly validationType: string
  /** The outcome, for example `'passed'`, `'failed'`, `'pending'`. Required. */
  readonly validationStatus: string
  /** What failed: strings, or objects such as `{ code, page, message }` (what the Python original sends); default `[]`. */
  readonly validationErrors?: readonly ValidationErrorEntry[] | null
}

/**
 * One entry of `ValidationEvent.validationErrors`: a message, or an object as the Python
 * original sends (`{ code, page, message }`, or any other plain-object detail).
 *
 * @category events
 * @since 0.2.0
 */
export type ValidationErrorEntry = string | ValidationErrorDetail

/**
 * A structured validation error, as the Python original's `validation_errors` holds them. Every
 * field is optional; other keys are kept as they are.
 *
 * @category events
 * @since 0.2.0
 */
export interface ValidationErrorDetail {
  /** A machine-readable code, for example `'missing_field'`. */
  readonly code?: string
  /** The page it concerns. */
  readonly page?: number
  /** For people. */
  readonly message?: string
  /** Other detail. */
  readonly [key: string]: unknown
}

const NONE: readonly ValidationErrorEntry[] = Object.freeze([])

/**
 * A document's validation was required or completed.
 *
 * @example
 * new ValidationEvent({ eventType: DocumentEventTypes.VALIDATION_COMPLETED, documentId: 'doc-1',
 *                       validationType: 'schema', validationStatus: 'passed' })
 *
 * @category events
 * @since 0.1.0
 */
export class ValidationEvent<P extends Payload = Record<string, unknown>, T extends string = string> extends DocumentEvent<P, T> {
  static override readonly kind: string = 'ValidationEvent'

  /** What was validated. */
  readonly validationType: string
  /** The outcome. */
  readonly validationStatus: string
  /** What failed (frozen): strings, or objects such as `{ code, page, message }`. */
  readonly validationErrors: readonly ValidationErrorEntry[]

  /**
   * @param init See {@link ValidationEventInit}.
   * @param fields For subclasses only: the io-ts codec of this class's fields (leave it out).
   * @throws EventValidationError when a field is missing or malformed.
   */
  constructor(init: ValidationEventInit<P, T>, fields: FieldsCodec = ValidationEventFields) {
    super(init, fields)
    this.validationType = init.validationType
    this.validationStatus = init.validationStatus
    this.validationErrors = init.validationErrors == null ? NONE : deepFreeze(init.validationErrors, 'validationErrors', new.target)
    if (new.target === ValidationEvent) Object.freeze(this)
  }
}
