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
  type HandlerInfo,
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

/**
 * Which subscriptions {@link subscribeStages} makes, and how.
 */
export interface StageOptions {
  /**
   * The work stages (startOcr ... completeProcessing); default true. A worker process makes
   * only these; the distributed demo's coordinator makes only the tracking ones.
   */
  readonly work?: boolean
  /** Put each work stage in its consumer group ({@link STAGE_GROUPS}); needs a transport. Default false. */
  readonly groups?: boolean
}

/**
 * The consumer group of each work stage when they run in worker processes: every worker
 * joins each group, so each event of a stage reaches one worker. One group per subscription:
 * two subscriptions of one type (extractTables, extractText) in one group would share one
 * consumer and split its events between them.
 */
export const STAGE_GROUPS = {
  startOcr: 'intake',
  runOcr: 'ocr-workers',
  analyzeLayout: 'layout-workers',
  extractTables: 'table-workers',
  extractText: 'text-workers',
  requestValidation: 'validation-requests',
  validateDocument: 'validation-workers',
  completeProcessing: 'completion',
} as const

/** With groups (across processes): how many calls of a relay stage run at once in each worker. */
export const RELAY_CONCURRENCY = 8

/** The handlers in the order they subscribe (the order of the report's rows). */
export const HANDLER_ORDER: readonly string[] = [
  'startOcr',
  'runOcr',
  'analyzeLayout',
  'extractTables',
  'extractText',
  'indexTables',
  'requestValidation',
  'validateDocument',
  'completeProcessing',
  'countCompleted',
  'countFailed',
  'watchBatch',
]

/** What the batch's own `processing.*` events told. */
export interface BatchLog {
  tables: number
  progressUpdates: number
  lastProgress: number
  /** The batch's `processing.batch.completed` came back (through the broker, in the distributed demo). */
  completedSeen?: boolean
}

/** The identity of this run, carried by its `ProcessingEvent`s. */
export interface RunIds {
  readonly batchId: string
  readonly sessionId: string
}

/** Simulated work: resolves after a random delay between `minMs` and `maxMs`. */
function simulate(minMs: number, maxMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, minMs + Math.random() * (maxMs - minMs)))
}

type Publishing = Promise<PublishResult | undefined>

interface AboutDocument {
  readonly documentId: string
  readonly pageNumbers: readonly number[]
}

/**
 * The id of the follow-up `eventType` that handler `context.handler` publishes for `cause`:
 * the same every time the handler runs for that cause. At least once, a handler may run twice
 * for one event (its process died after publishing, before the ack); its second publish then
 * carries the same id, which the broker drops (JetStream's msg-id dedupe) and every subscriber
 * would skip, so the document still moves on once. Two 53-bit hashes (cyrb53, two seeds) in
 * the shape of a UUID: cheaper than node:crypto per call, and collisions are out of reach at
 * these volumes.
 */
function followUpId(context: HandlerInfo, cause: { readonly id: string }, eventType: string): string {
  const key = `${cause.id}\n${context.handler}\n${eventType}`
  const h = (cyrb53(key, 1).toString(16).padStart(14, '0') + cyrb53(key, 2).toString(16).padStart(14, '0')).padEnd(32, '0')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/** cyrb53 (public domain, bryc): a fast 53-bit string hash. */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/** Publishes the `ErrorEvent` of a document that failed at a stage, ahead of waiting events (IMMEDIATE). */
function raise(
  context: HandlerContext,
  cause: AboutDocument & { readonly id: string },
  errorType: string,
  errorMessage: string,
  recoveryAttempted = false,
): Publishing {
  return context.publish(
    new ErrorEvent({
      id: followUpId(context, cause, D.ERROR_OCCURRED),
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
function next<T extends string, P extends object>(
  context: HandlerInfo,
  cause: AboutDocument & { readonly id: string },
  eventType: T,
  payload?: P,
): DocumentEvent<P, T> {
  return new DocumentEvent<P, T>({
    id: followUpId(context, cause, eventType),
    eventType,
    documentId: cause.documentId,
    pageNumbers: cause.pageNumbers,
    payload: payload ?? null,
  })
}

/**
 * Subscribes the seed's pipeline: each stage is one subscription whose handler publishes the
 * next event with `context.publish`, so the document's `correlationId` flows and each event
 * records its cause. The slow stages run several documents at once (`concurrency`).
 * `tracker` null leaves out the tracking subscriptions (indexTables, countCompleted,
 * countFailed, watchBatch): a worker process tracks nothing.
 *
 * ```text
 * processing.started → ocr.started → ocr.completed → layout.analyzed ─┬→ table.extracted (documents with tables)
 *                                                                     └→ text.extracted → validation.required
 *   → validation.completed → processing.completed        any stage ─→ error.occurred (ErrorEvent)
 * ```
 */
export function subscribeStages(
  bus: EventBus<PipelineEvents>,
  plan: RunPlan,
  tracking: { readonly tracker: DocumentTracker; readonly ids: RunIds; readonly batch: BatchLog } | null,
  options: StageOptions = {},
): void {
  const work = options.work ?? true
  const group = (stage: keyof typeof STAGE_GROUPS): { group?: string } => (options.groups === true ? { group: STAGE_GROUPS[stage] } : {})
  // The relay stages only publish the next event. In process that is instant; over a broker
  // each publish waits for its acknowledgement (a round trip), so one at a time would bound
  // the whole pipeline by it: across processes they run RELAY_CONCURRENCY at once.
  const relay = (stage: 'startOcr' | 'requestValidation' | 'completeProcessing'): { group?: string; concurrency?: number } =>
    options.groups === true ? { ...group(stage), concurrency: RELAY_CONCURRENCY } : {}
  const planOf = (documentId: string): DocumentPlan => {
    const doc = plan.documents.get(documentId)
    if (doc === undefined) throw new Error(`unknown document ${documentId}`)
    return doc
  }

  if (work) {
    bus.subscribe(
      D.PROCESSING_STARTED,
      function startOcr(event, context) {
        return context.publish(next(context, event, D.OCR_STARTED))
      },
      relay('startOcr'),
    )

    bus.subscribe(
      D.OCR_STARTED,
      async function runOcr(event, context) {
        const doc = planOf(event.documentId)
        await simulate(8, 24)
        if (doc.failAt === 'ocr') throw new OcrError(`page ${doc.pages} of ${doc.fileName} is unreadable`)
        // The first try: in process a retry is attempt 2; across processes it is a redelivery (deliveryCount 2).
        if (doc.ocrGlitch && context.attempt === 1 && context.deliveryCount === 1) throw new TransientOcrError('the OCR engine is busy')
        await context.publish(next(context, event, D.OCR_COMPLETED, { confidence: 0.9 + Math.random() * 0.1 }))
      },
      { concurrency: 16, timeoutMs: 2_000, retry: { count: 2, delayMs: 5, backoff: 'exponential' }, ...group('runOcr') },
    )

    bus.subscribe(
      D.OCR_COMPLETED,
      async function analyzeLayout(event, context) {
        const doc = planOf(event.documentId)
        await simulate(2, 8)
        if (doc.failAt === 'layout') return raise(context, event, 'LayoutError', `no reading order found in ${doc.fileName}`)
        return context.publish(next(context, event, D.LAYOUT_ANALYZED, { tables: doc.tables, columns: 1 + (doc.pages % 3) }))
      },
      { concurrency: 8, ...group('analyzeLayout') },
    )

    // Two subscriptions to one type: they run side by side, neither waits for the other.
    bus.subscribe(
      D.LAYOUT_ANALYZED,
      async function extractTables(event, context) {
        if (event.payload.tables === 0) return
        await simulate(2, 8)
        await context.publish(next(context, event, D.TABLE_EXTRACTED, { tables: event.payload.tables }))
      },
      { concurrency: 4, ...group('extractTables') },
    )

    bus.subscribe(
      D.LAYOUT_ANALYZED,
      async function extractText(event, context) {
        const doc = planOf(event.documentId)
        await simulate(2, 8)
        if (doc.failAt === 'text')
          return raise(context, event, 'TextExtractionError', `${doc.fileName} has no text layer and the OCR fallback found none`, true)
        return context.publish(next(context, event, D.TEXT_EXTRACTED, { characters: doc.pages * 1_800 }))
      },
      { concurrency: 8, ...group('extractText') },
    )
  }

  if (tracking !== null) {
    const { batch } = tracking
    bus.subscribe(D.TABLE_EXTRACTED, function indexTables(event) {
      batch.tables += event.payload.tables
    })
  }

  if (work) {
    bus.subscribe(
      D.TEXT_EXTRACTED,
      function requestValidation(event, context) {
        return context.publish(
          new ValidationEvent({
            id: followUpId(context, event, D.VALIDATION_REQUIRED),
            eventType: D.VALIDATION_REQUIRED,
            documentId: event.documentId,
            pageNumbers: event.pageNumbers,
            validationType: 'schema',
            validationStatus: 'pending',
          }),
        )
      },
      relay('requestValidation'),
    )

    bus.subscribe(
      D.VALIDATION_REQUIRED,
      async function validateDocument(event, context) {
        const doc = planOf(event.documentId)
        await simulate(5, 15)
        const failed = doc.failAt === 'validation'
        return context.publish(
          new ValidationEvent({
            id: followUpId(context, event, D.VALIDATION_COMPLETED),
            eventType: D.VALIDATION_COMPLETED,
            documentId: event.documentId,
            pageNumbers: event.pageNumbers,
            validationType: event.validationType,
            validationStatus: failed ? 'failed' : 'passed',
            validationErrors: failed ? [`page ${doc.pages}: the invoice total does not match its line items`] : [],
          }),
        )
      },
      { concurrency: 8, ...group('validateDocument') },
    )

    bus.subscribe(
      D.VALIDATION_COMPLETED,
      function completeProcessing(event, context) {
        if (event.validationStatus !== 'passed')
          return raise(
            context,
            event,
            'ValidationFailed',
            event.validationErrors.map((e) => (typeof e === 'string' ? e : (e.message ?? e.code ?? 'invalid'))).join('; '),
          )
        return context.publish(next(context, event, D.PROCESSING_COMPLETED, { pages: event.pageNumbers.length }))
      },
      relay('completeProcessing'),
    )
  }

  if (tracking === null) return
  const { tracker, ids, batch } = tracking

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
    if (event instanceof ProcessingEvent) {
      if (event.eventType === P.SESSION_PROGRESS_UPDATED) {
        batch.progressUpdates++
        batch.lastProgress = event.progress ?? batch.lastProgress
      } else if (event.eventType === P.BATCH_COMPLETED) {
        batch.completedSeen = true
      }
    }
  })
}
