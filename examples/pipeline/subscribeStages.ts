import {
  DocumentEvent,
  DocumentEventTypes as D,
  ErrorEvent,
  EventPriority,
  ProcessingEvent,
  ProcessingEventTypes as P,
  ValidationEvent,
  type EventBus,
  type HandlerContext,
  type PublishResult,
} from '../../lib'
import type { DocumentTracker } from './DocumentTracker'
import type { PipelineEvents } from './PipelineEvents'
import type { DocumentPlan, RunPlan } from './planDocuments'

/** OCR could not read a document: the handler throws, the bus publishes the `ErrorEvent` (`errorEvents: true`). */
export class OcrError extends Error {
  override readonly name = 'OcrError'
}

/** A passing OCR hiccup: the subscription's `retry` policy absorbs it. */
export class TransientOcrError extends Error {
  override readonly name = 'TransientOcrError'
}

/** What the batch's own `processing.*` events told. */
export interface BatchLog {
  tables: number
  progressUpdates: number
  lastProgress: number
}

/** The identity of this run, carried by its `ProcessingEvent`s. */
export interface RunIds {
  readonly batchId: string
  readonly sessionId: string
}

/** Simulated work: resolves after a random delay between `minMs` and `maxMs`. */
function work(minMs: number, maxMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, minMs + Math.random() * (maxMs - minMs)))
}

type Publishing = Promise<PublishResult | undefined>

interface AboutDocument {
  readonly documentId: string
  readonly pageNumbers: readonly number[]
}

/** Publishes the `ErrorEvent` of a document that failed at a stage, ahead of waiting events (IMMEDIATE). */
function raise(context: HandlerContext, cause: AboutDocument, errorType: string, errorMessage: string, recoveryAttempted = false): Publishing {
  return context.publish(
    new ErrorEvent({
      eventType: D.ERROR_OCCURRED,
      documentId: cause.documentId,
      pageNumbers: cause.pageNumbers,
      errorType,
      errorMessage,
      recoveryAttempted,
      priority: EventPriority.IMMEDIATE,
    }),
  )
}

/** The next `DocumentEvent` of a document's story (the bus adds correlationId and causationId). */
function next<P extends object>(cause: AboutDocument, eventType: string, payload?: P): DocumentEvent<P> {
  return new DocumentEvent<P>({ eventType, documentId: cause.documentId, pageNumbers: cause.pageNumbers, payload: payload ?? null })
}

/**
 * Subscribes the seed's pipeline: each stage is one subscription whose handler publishes the
 * next event with `context.publish`, so the document's `correlationId` flows and each event
 * records its cause. The slow stages run several documents at once (`concurrency`).
 *
 * ```text
 * processing.started → ocr.started → ocr.completed → layout.analyzed ─┬→ table.extracted (documents with tables)
 *                                                                     └→ text.extracted → validation.required
 *   → validation.completed → processing.completed        any stage ─→ error.occurred (ErrorEvent)
 * ```
 */
export function subscribeStages(bus: EventBus<PipelineEvents>, plan: RunPlan, tracker: DocumentTracker, ids: RunIds, batch: BatchLog): void {
  const planOf = (documentId: string): DocumentPlan => {
    const doc = plan.documents.get(documentId)
    if (doc === undefined) throw new Error(`unknown document ${documentId}`)
    return doc
  }

  bus.subscribe(D.PROCESSING_STARTED, function startOcr(event, context) {
    return context.publish(next(event, D.OCR_STARTED))
  })

  bus.subscribe(
    D.OCR_STARTED,
    async function runOcr(event, context) {
      const doc = planOf(event.documentId)
      await work(8, 24)
      if (doc.failAt === 'ocr') throw new OcrError(`page ${doc.pages} of ${doc.fileName} is unreadable`)
      if (doc.ocrGlitch && context.attempt === 1) throw new TransientOcrError('the OCR engine is busy')
      await context.publish(next(event, D.OCR_COMPLETED, { confidence: 0.9 + Math.random() * 0.1 }))
    },
    { concurrency: 16, timeoutMs: 2_000, retry: { count: 2, delayMs: 5, backoff: 'exponential' } },
  )

  bus.subscribe(
    D.OCR_COMPLETED,
    async function analyzeLayout(event, context) {
      const doc = planOf(event.documentId)
      await work(2, 8)
      if (doc.failAt === 'layout') return raise(context, event, 'LayoutError', `no reading order found in ${doc.fileName}`)
      return context.publish(next(event, D.LAYOUT_ANALYZED, { tables: doc.tables, columns: 1 + (doc.pages % 3) }))
    },
    { concurrency: 8 },
  )

  // Two subscriptions to one type: they run side by side, neither waits for the other.
  bus.subscribe(
    D.LAYOUT_ANALYZED,
    async function extractTables(event, context) {
      if (event.payload.tables === 0) return
      await work(2, 8)
      await context.publish(next(event, D.TABLE_EXTRACTED, { tables: event.payload.tables }))
    },
    { concurrency: 4 },
  )

  bus.subscribe(
    D.LAYOUT_ANALYZED,
    async function extractText(event, context) {
      const doc = planOf(event.documentId)
      await work(2, 8)
      if (doc.failAt === 'text') return raise(context, event, 'TextExtractionError', `${doc.fileName} has no text layer and the OCR fallback found none`, true)
      return context.publish(next(event, D.TEXT_EXTRACTED, { characters: doc.pages * 1_800 }))
    },
    { concurrency: 8 },
  )

  bus.subscribe(D.TABLE_EXTRACTED, function indexTables(event) {
    batch.tables += event.payload.tables
  })

  bus.subscribe(D.TEXT_EXTRACTED, function requestValidation(event, context) {
    return context.publish(
      new ValidationEvent({ eventType: D.VALIDATION_REQUIRED, documentId: event.documentId, pageNumbers: event.pageNumbers, validationType: 'schema', validationStatus: 'pending' }),
    )
  })

  bus.subscribe(
    D.VALIDATION_REQUIRED,
    async function validateDocument(event, context) {
      const doc = planOf(event.documentId)
      await work(5, 15)
      const failed = doc.failAt === 'validation'
      return context.publish(
        new ValidationEvent({
          eventType: D.VALIDATION_COMPLETED,
          documentId: event.documentId,
          pageNumbers: event.pageNumbers,
          validationType: event.validationType,
          validationStatus: failed ? 'failed' : 'passed',
          validationErrors: failed ? [`page ${doc.pages}: the invoice total does not match its line items`] : [],
        }),
      )
    },
    { concurrency: 8 },
  )

  bus.subscribe(D.VALIDATION_COMPLETED, function completeProcessing(event, context) {
    if (event.validationStatus !== 'passed') return raise(context, event, 'ValidationFailed', event.validationErrors.join('; '))
    return context.publish(next(event, D.PROCESSING_COMPLETED, { pages: event.pageNumbers.length }))
  })

  // Every tenth of the batch, a DEFERRED progress event: handled when nothing more urgent waits.
  let reported = 0
  const reportProgress = (context: HandlerContext): Publishing | undefined => {
    const step = Math.floor((tracker.ended * 10) / tracker.total)
    if (step <= reported) return undefined
    reported = step
    return context.publish(
      new ProcessingEvent({
        eventType: P.SESSION_PROGRESS_UPDATED,
        batchId: ids.batchId,
        sessionId: ids.sessionId,
        progress: tracker.ended / tracker.total,
        priority: EventPriority.DEFERRED,
        correlationId: ids.batchId, // its own story, not the document's
      }),
    )
  }

  bus.subscribe(D.PROCESSING_COMPLETED, function countCompleted(event, context) {
    tracker.complete(event.documentId, event)
    return reportProgress(context)
  })

  bus.subscribe(D.ERROR_OCCURRED, function countFailed(event, context) {
    tracker.fail(event.documentId, event)
    return reportProgress(context)
  })

  bus.subscribe('processing.>', function watchBatch(event) {
    if (event instanceof ProcessingEvent && event.eventType === P.SESSION_PROGRESS_UPDATED) {
      batch.progressUpdates++
      batch.lastProgress = event.progress ?? batch.lastProgress
    }
  })
}
