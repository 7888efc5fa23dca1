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
export interface ValidationEventInit<P extends Payload = Record<string, unknown>> extends DocumentEventInit<P> {
  /** What was validated, for example `'schema'` or `'human-review'`. Required. */
  readonly validationType: string
  /** The outcome, for example `'passed'`, `'failed'`, `'pending'`. Required. */
  readonly validationStatus: string
  /** What failed; default `[]`. */
  readonly validationErrors?: readonly string[] | null
}

const NONE: readonly string[] = Object.freeze([])

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
export class ValidationEvent<P extends Payload = Record<string, unknown>> extends DocumentEvent<P> {
  static override readonly kind: string = 'ValidationEvent'

  /** What was validated. */
  readonly validationType: string
  /** The outcome. */
  readonly validationStatus: string
  /** What failed (frozen). */
  readonly validationErrors: readonly string[]

  /**
   * @param init See {@link ValidationEventInit}.
   * @param fields For subclasses only: the io-ts codec of this class's fields (leave it out).
   * @throws EventValidationError when a field is missing or malformed.
   */
  constructor(init: ValidationEventInit<P>, fields: FieldsCodec = ValidationEventFields) {
    super(init, fields)
    this.validationType = init.validationType
    this.validationStatus = init.validationStatus
    this.validationErrors = init.validationErrors == null ? NONE : deepFreeze(init.validationErrors, 'validationErrors', new.target)
    if (new.target === ValidationEvent) Object.freeze(this)
  }
}
