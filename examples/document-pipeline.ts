/**
 * The seed's document pipeline over an EventBus: `npm run demo` (add `-- --help` for the flags).
 *
 * Each document goes processing started → OCR started/completed → layout analyzed → text (and
 * table) extracted → validation required/completed → processing completed; a share of them fail
 * at some stage and raise an `ErrorEvent` (`document.error.occurred`). Handlers publish the next
 * step with `context.publish`, so the document's correlationId flows through its whole story.
 * The four middleware of the seed run in front of the handlers; a live line shows
 * `bus.metrics$`; a table of `bus.getMetrics()` closes the run.
 *
 * Exit status: 0 when every document ended completed or failed, 1 when one was lost, 2 on a
 * usage error.
 */
import * as t from 'io-ts'
import {
  DocumentEvent,
  DocumentEventTypes as D,
  EventBus,
  FilterMiddleware,
  LoggingMiddleware,
  MetricsMiddleware,
  ProcessingEvent,
  ProcessingEventTypes as P,
  ValidationMiddleware,
  type DeadLetterReason,
  type MetricsSnapshot,
} from '../lib'
import { CountingLogger } from './pipeline/CountingLogger'
import { correlationIdOf, DocumentTracker } from './pipeline/DocumentTracker'
import { count, percent } from './pipeline/format'
import { formatReport } from './pipeline/formatReport'
import { parseArgs, USAGE, UsageError, type DemoOptions } from './pipeline/parseArgs'
import type { PipelineEvents, StartedPayload } from './pipeline/PipelineEvents'
import { planDocuments, type RunPlan } from './pipeline/planDocuments'
import { ProgressView } from './pipeline/ProgressView'
import { subscribeStages, type BatchLog } from './pipeline/subscribeStages'

/** The bus's settings for the demo: a bounded queue, so the feeder feels backpressure. */
const BUS_SETTINGS = {
  maxQueueSize: 500,
  overflow: 'wait',
  metricsIntervalMs: 100,
  errorEvents: true,
} as const

/** How long `stop()` may drain; the queue is already empty by then. */
const STOP_TIMEOUT_MS = 5_000

/** A document's first event, as the upstream submits it (a duplicate gets a new event id). */
function startedEvent(plan: RunPlan, documentId: string): DocumentEvent<StartedPayload> {
  const doc = plan.documents.get(documentId)!
  return new DocumentEvent<StartedPayload>({
    eventType: D.PROCESSING_STARTED,
    documentId,
    pageNumbers: Array.from({ length: doc.pages }, (_, i) => i + 1),
    correlationId: correlationIdOf(documentId),
    source: 'demo-feeder',
    payload: { fileName: doc.fileName, pages: doc.pages },
  })
}

/** Passes a `document.processing.started` only the first time its document is submitted. */
function firstSubmissionOnly(): (event: unknown) => boolean {
  const seen = new Set<string>()
  return (event) => {
    if (!(event instanceof DocumentEvent) || event.eventType !== D.PROCESSING_STARTED) return true
    if (seen.has(event.documentId)) return false
    seen.add(event.documentId)
    return true
  }
}

async function run(options: DemoOptions): Promise<number> {
  const plan = planDocuments(options.documents, options.failRate, options.seed)
  const ids = { batchId: `batch-${options.seed}`, sessionId: `session-${Date.now().toString(36)}` }
  const busLog = new CountingLogger()
  const middlewareLog = new CountingLogger()
  const bus = new EventBus<PipelineEvents>({ ...BUS_SETTINGS, logger: busLog })

  // The seed's four middleware, ordered by priority (lower first).
  const counter = new MetricsMiddleware()
  bus
    .addMiddleware(new ValidationMiddleware({ priority: -10, schemas: { [D.PROCESSING_STARTED]: t.type({ fileName: t.string, pages: t.number }) } }))
    .addMiddleware(new FilterMiddleware({ priority: -5, predicate: firstSubmissionOnly() }))
    .addMiddleware(counter)
    .addMiddleware(new LoggingMiddleware({ priority: 10, logLevel: 'debug', logger: middlewareLog }))

  const tracker = new DocumentTracker(options.documents)
  const batch: BatchLog = { tables: 0, progressUpdates: 0, lastProgress: 0 }
  subscribeStages(bus, plan, tracker, ids, batch)

  const deadLetters: Partial<Record<DeadLetterReason, number>> = {}
  bus.deadLetters$.subscribe((letter) => {
    deadLetters[letter.reason] = (deadLetters[letter.reason] ?? 0) + 1
  })

  process.stdout.write(
    `Document pipeline: ${count(options.documents)} documents, fail rate ${percent(options.failRate)}, seed ${options.seed}; ` +
      `${count(plan.duplicates)} duplicate submissions for the filter\n`,
  )
  await bus.start()
  const view = new ProgressView(process.stdout)
  let latest: MetricsSnapshot = bus.getMetrics()
  const live = bus.metrics$.subscribe((snapshot) => {
    latest = snapshot
    view.update(tracker, snapshot)
  })

  const startedAt = performance.now()
  await bus.publish(new ProcessingEvent({ eventType: P.BATCH_STARTED, batchId: ids.batchId, sessionId: ids.sessionId, correlationId: ids.batchId, data: { documents: options.documents } }))
  // Under the 'wait' policy each publish resolves once the bus has room: the feeder never outruns it.
  for (const documentId of plan.submissions) await bus.publish(startedEvent(plan, documentId))
  await bus.drain()
  const elapsedMs = performance.now() - startedAt
  await bus.publish(
    new ProcessingEvent({ eventType: P.BATCH_COMPLETED, batchId: ids.batchId, sessionId: ids.sessionId, correlationId: ids.batchId, progress: 1, processingTime: elapsedMs }),
  )
  await bus.drain()

  latest = bus.getMetrics()
  live.unsubscribe()
  view.finish(tracker, latest)
  const { undelivered } = await bus.stop({ timeoutMs: STOP_TIMEOUT_MS })

  process.stdout.write(
    `\n${formatReport({
      documents: options.documents,
      completed: tracker.completed,
      failed: tracker.failed,
      lost: tracker.lost,
      endedTwice: tracker.endedTwice,
      brokenStories: tracker.brokenStories,
      duplicates: plan.duplicates,
      elapsedMs,
      metrics: latest,
      middlewareMetrics: counter.getMetrics(),
      deadLetters,
      undelivered: undelivered.length,
      progressUpdates: batch.progressUpdates,
      tables: batch.tables,
      busLogErrors: busLog.counts.error,
      middlewareLogLines: middlewareLog.total,
    })}\n`,
  )

  if (tracker.lost > 0 || undelivered.length > 0 || tracker.endedTwice > 0) {
    process.stderr.write(
      `\nFAILED: ${count(tracker.lost)} documents never ended, ${count(undelivered.length)} events undelivered, ` +
        `${count(tracker.endedTwice)} documents ended twice\n`,
    )
    return 1
  }
  return 0
}

async function main(argv: readonly string[]): Promise<number> {
  let options: DemoOptions
  try {
    options = parseArgs(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`demo: ${error.message}\n`)
    return 2
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  return run(options)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  },
)
