import type { DocumentEvent, DocumentEventTypes as D, ErrorEvent, ProcessingEvent, ProcessingEventTypes as P, ValidationEvent } from '../../lib'

/** Payload of `document.processing.started` (checked by `ValidationMiddleware` with an io-ts codec). */
export interface StartedPayload {
  readonly fileName: string
  readonly pages: number
}

/**
 * The demo's typed bus: each event type name maps to the class its handlers receive, so
 * `bus.subscribe(D.OCR_COMPLETED, (e) => e.payload.confidence)` is checked at compile time.
 */
export type PipelineEvents = {
  [D.PROCESSING_STARTED]: DocumentEvent<StartedPayload>
  [D.OCR_STARTED]: DocumentEvent
  [D.OCR_COMPLETED]: DocumentEvent<{ readonly confidence: number }>
  [D.LAYOUT_ANALYZED]: DocumentEvent<{ readonly tables: number; readonly columns: number }>
  [D.TABLE_EXTRACTED]: DocumentEvent<{ readonly tables: number }>
  [D.TEXT_EXTRACTED]: DocumentEvent<{ readonly characters: number }>
  [D.VALIDATION_REQUIRED]: ValidationEvent
  [D.VALIDATION_COMPLETED]: ValidationEvent
  [D.PROCESSING_COMPLETED]: DocumentEvent<{ readonly pages: number }>
  [D.ERROR_OCCURRED]: ErrorEvent
  [P.BATCH_STARTED]: ProcessingEvent
  [P.SESSION_PROGRESS_UPDATED]: ProcessingEvent
  [P.BATCH_COMPLETED]: ProcessingEvent
}
