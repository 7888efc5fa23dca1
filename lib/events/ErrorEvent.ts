import { DocumentEvent, type DocumentEventInit } from './DocumentEvent'
import type { FieldsCodec, Payload } from './Event'
import { ErrorEventFields } from './fields'

/**
 * The init object of {@link ErrorEvent}.
 *
 * @category events
 * @since 0.1.0
 */
export interface ErrorEventInit<P extends Payload = Record<string, unknown>, T extends string = string> extends DocumentEventInit<P, T> {
  /** A stable error kind, for example `'OcrTimeout'`; `MetricsMiddleware` counts by it. Required. */
  readonly errorType: string
  /** A human-readable message. Required. */
  readonly errorMessage: string
  /** The stack, if any. */
  readonly stackTrace?: string | null
  /** Whether a recovery was attempted; default `false`. */
  readonly recoveryAttempted?: boolean | null
}

/**
 * Processing a document failed.
 *
 * @example
 * new ErrorEvent({ eventType: DocumentEventTypes.ERROR_OCCURRED, documentId: 'doc-1',
 *                  errorType: 'OcrFailed', errorMessage: 'page 3 is unreadable' })
 *
 * @category events
 * @since 0.1.0
 */
export class ErrorEvent<P extends Payload = Record<string, unknown>, T extends string = string> extends DocumentEvent<P, T> {
  static override readonly kind: string = 'ErrorEvent'

  /** A stable error kind. */
  readonly errorType: string
  /** A human-readable message. */
  readonly errorMessage: string
  /** The stack, if any. */
  readonly stackTrace?: string
  /** Whether a recovery was attempted. */
  readonly recoveryAttempted: boolean

  /**
   * @param init See {@link ErrorEventInit}.
   * @param fields For subclasses only: the io-ts codec of this class's fields (leave it out).
   * @throws EventValidationError when a field is missing or malformed.
   */
  constructor(init: ErrorEventInit<P, T>, fields: FieldsCodec = ErrorEventFields) {
    super(init, fields)
    this.errorType = init.errorType
    this.errorMessage = init.errorMessage
    if (init.stackTrace != null) this.stackTrace = init.stackTrace
    this.recoveryAttempted = init.recoveryAttempted ?? false
    if (new.target === ErrorEvent) Object.freeze(this)
  }
}
