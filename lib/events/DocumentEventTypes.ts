/**
 * The document pipeline's event type names, `domain.action.state`.
 *
 * @category events
 * @since 0.1.0
 */
export const DocumentEventTypes = {
  /** A document entered the pipeline. */
  PROCESSING_STARTED: 'document.processing.started',
  /** A document left the pipeline successfully. */
  PROCESSING_COMPLETED: 'document.processing.completed',
  /** OCR began on a document. */
  OCR_STARTED: 'document.ocr.started',
  /** OCR finished on a document. */
  OCR_COMPLETED: 'document.ocr.completed',
  /** The page layout was analyzed. */
  LAYOUT_ANALYZED: 'document.layout.analyzed',
  /** A table was extracted. */
  TABLE_EXTRACTED: 'document.table.extracted',
  /** The text was extracted. */
  TEXT_EXTRACTED: 'document.text.extracted',
  /** A human or automatic validation is needed. */
  VALIDATION_REQUIRED: 'document.validation.required',
  /** Validation finished. */
  VALIDATION_COMPLETED: 'document.validation.completed',
  /** Processing a document failed (carried by an `ErrorEvent`). */
  ERROR_OCCURRED: 'document.error.occurred',
} as const

/**
 * One of the {@link DocumentEventTypes} values.
 *
 * @category events
 * @since 0.1.0
 */
export type DocumentEventType = (typeof DocumentEventTypes)[keyof typeof DocumentEventTypes]
