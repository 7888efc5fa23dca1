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
 * `--inspect` opens the live inspector page (`@torematrix/event-bus/inspector`) on the bus, prints
 * its URL, and keeps serving after the run until Ctrl-C (in process only).
 *
 * Exit status: 0 when every document ended completed or failed (exactly once), 1 when one was
 * lost or ended twice, 2 on a usage error.
 */
import { parseArgs as parseFlags } from 'node:util'
import type { DeadLetterReason, MetricsSnapshot } from '../lib'
import { inspect } from '../lib/inspector'
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

/** The `--inspect` line of `--help`. */
const INSPECT_USAGE = `Inspector:
  --inspect        open the live inspector page on the bus (prints its URL; after the run it keeps
                   serving until Ctrl-C); in process only`

/** How long `stop()` may drain; the queue is already empty by then. */
const STOP_TIMEOUT_MS = 5_000

async function run(options: DemoOptions, inspecting: boolean): Promise<number> {
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

  const inspector = inspecting ? await inspect(bus) : null
  if (inspector !== null) process.stdout.write(`Inspector: ${inspector.url}\n`)
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

  const failed = tracker.lost > 0 || undelivered.length > 0 || tracker.endedTwice > 0
  if (failed) {
    process.stderr.write(
      `\nFAILED: ${count(tracker.lost)} documents never ended, ${count(undelivered.length)} events undelivered, ` +
        `${count(tracker.endedTwice)} documents ended twice\n`,
    )
  }
  if (inspector !== null) {
    process.stdout.write(`\nThe inspector keeps showing this run at ${inspector.url} (Ctrl-C to stop)\n`)
    await new Promise<void>((resolve) =>
      process.once('SIGINT', () => {
        resolve()
      }),
    )
    await inspector.close()
  }
  return failed ? 1 : 0
}

/**
 * Takes `--inspect` out of the arguments (read with `node:util` parseArgs); the rest go to the
 * demo's own parser.
 *
 * @throws UsageError for `--inspect=value`.
 */
function takeInspectFlag(argv: readonly string[]): { readonly inspecting: boolean; readonly rest: readonly string[] } {
  const { tokens } = parseFlags({ args: [...argv], options: { inspect: { type: 'boolean' } }, strict: false, allowPositionals: true, tokens: true })
  const flags = tokens.filter((t) => t.kind === 'option' && t.name === 'inspect')
  for (const flag of flags) {
    if (flag.kind === 'option' && flag.inlineValue !== undefined) throw new UsageError(`--inspect takes no value, got '${flag.rawName}=${flag.value}'`)
  }
  const taken = new Set(flags.map((t) => t.index))
  return { inspecting: flags.length > 0, rest: argv.filter((_, i) => !taken.has(i)) }
}

async function main(argv: readonly string[]): Promise<number> {
  let options: DemoOptions
  let inspecting: boolean
  try {
    const flags = takeInspectFlag(argv)
    inspecting = flags.inspecting
    options = parseArgs(flags.rest)
    if (inspecting && options.transport !== 'in-process') throw new UsageError('--inspect works with the in-process transport only (drop --transport nats)')
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`demo: ${error.message}\n`)
    return 2
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n\n${INSPECT_USAGE}\n`)
    return 0
  }
  return options.transport === 'nats' ? runDistributed(options) : run(options, inspecting)
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
