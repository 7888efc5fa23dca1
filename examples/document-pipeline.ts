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
 * `--transport nats --workers 2` runs the same stages in worker processes
 * (examples/document-pipeline-worker.ts) over NATS JetStream, each stage in a consumer group;
 * this process publishes the documents, tracks how they end and merges the workers' metrics
 * (examples/pipeline/distributed.ts; docs/distributed.md).
 *
 * Exit status: 0 when every document ended completed or failed (exactly once), 1 when one was
 * lost or ended twice, 2 on a usage error.
 */
import type { DeadLetterReason, MetricsSnapshot } from '../lib'
import { batchCompletedEvent, batchStartedEvent, createPipelineBus, startedEvent } from './pipeline/busSetup'
import { runDistributed } from './pipeline/distributed'
import { DocumentTracker } from './pipeline/DocumentTracker'
import { count, percent } from './pipeline/format'
import { formatReport } from './pipeline/formatReport'
import { SetupError } from './pipeline/natsServer'
import { parseArgs, USAGE, UsageError, type DemoOptions } from './pipeline/parseArgs'
import { planDocuments } from './pipeline/planDocuments'
import { ProgressView } from './pipeline/ProgressView'
import { subscribeStages, type BatchLog } from './pipeline/subscribeStages'

/** How long `stop()` may drain; the queue is already empty by then. */
const STOP_TIMEOUT_MS = 5_000

async function run(options: DemoOptions): Promise<number> {
  const plan = planDocuments(options.documents, options.failRate, options.seed)
  const ids = { batchId: `batch-${options.seed}`, sessionId: `session-${Date.now().toString(36)}` }
  // The bus, with the seed's four middleware ordered by priority (lower first).
  const { bus, counter, busLog, middlewareLog } = createPipelineBus()

  const tracker = new DocumentTracker(options.documents)
  const batch: BatchLog = { tables: 0, progressUpdates: 0, lastProgress: 0 }
  subscribeStages(bus, plan, { tracker, ids, batch })

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
  await bus.publish(batchStartedEvent(ids, options.documents))
  // Under the 'wait' policy each publish resolves once the bus has room: the feeder never outruns it.
  for (const documentId of plan.submissions) await bus.publish(startedEvent(plan, documentId))
  await bus.drain()
  const elapsedMs = performance.now() - startedAt
  await bus.publish(batchCompletedEvent(ids, elapsedMs))
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
  return options.transport === 'nats' ? runDistributed(options) : run(options)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof SetupError) process.stderr.write(`demo: ${error.message}\n`)
    else process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  },
)
