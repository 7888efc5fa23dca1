import { deepFreeze } from '../internal/freeze'
import { Event, type EventInit, type Payload, type FieldsCodec } from './Event'
import { DocumentEventFields } from './fields'

/**
 * The init object of {@link DocumentEvent}: an {@link EventInit} plus the document.
 *
 * @category events
 * @since 0.1.0
 */
export interface DocumentEventInit<P extends Payload = Record<string, unknown>, T extends string = string> extends EventInit<P, T> {
  /** The document the event is about. Required, non-empty. */
  readonly documentId: string
  /** Pages concerned (whole numbers >= 0); default `[]`. */
  readonly pageNumbers?: readonly number[] | null
}

const EMPTY_PAGES: readonly number[] = Object.freeze([])

/**
 * An event about one document of the processing pipeline.
 *
 * @example
 * new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId: 'doc-1', pageNumbers: [1, 2] })
 *
 * @category events
 * @since 0.1.0
 */
export class DocumentEvent<P extends Payload = Record<string, unknown>, T extends string = string> extends Event<P, T> {
  static override readonly kind: string = 'DocumentEvent'

  /** The document the event is about. */
  readonly documentId: string
  /** Pages concerned (frozen). */
  readonly pageNumbers: readonly number[]

  /**
   * @param init See {@link DocumentEventInit}.
   * @param fields For subclasses only: the io-ts codec of this class's fields (leave it out).
   * @throws EventValidationError when a field is missing or malformed.
   */
  constructor(init: DocumentEventInit<P, T>, fields: FieldsCodec = DocumentEventFields) {
    super(init, fields)
    this.documentId = init.documentId
    this.pageNumbers = init.pageNumbers == null ? EMPTY_PAGES : deepFreeze(init.pageNumbers, 'pageNumbers', new.target)
    if (new.target === DocumentEvent) Object.freeze(this)
  }
}
