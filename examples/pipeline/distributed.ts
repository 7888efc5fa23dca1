import { spawn, type ChildProcess } from 'node:child_process'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import type { Subscription } from 'rxjs'
import type { DeadLetterReason, EventBusError, MetricsSnapshot } from '../../lib'
import { batchCompletedEvent, batchStartedEvent, createPipelineBus, demoTransport, startedEvent } from './busSetup'
import { DocumentTracker } from './DocumentTracker'
import { count, percent, seconds } from './format'
import { formatReport } from './formatReport'
import { mergeDeadLetters, mergeMetrics, mergeMiddlewareMetrics, type ProcessMetrics } from './mergeMetrics'
import { PrivateNatsServer, SetupError } from './natsServer'
import type { DemoOptions } from './parseArgs'
import { planDocuments } from './planDocuments'
import { ProgressView } from './ProgressView'
import { HANDLER_ORDER, STAGE_GROUPS, subscribeStages, type BatchLog } from './subscribeStages'
import type { CoordinatorMessage, WorkerConfig, WorkerFinal, WorkerMessage } from './workerProtocol'

/**
 * The broker redelivers a message nobody acknowledged after this long (a worker killed
 * mid-handler): short for a demo, so that `kill -9` of a worker shows its documents come back.
 * The transport takes at least twice a handler's timeout (runOcr: 2 s).
 */
const ACK_WAIT_MS = 10_000
/** No document ended for this long: give up and report the rest as lost (covers one ack wait). */
const STALL_MS = 3 * ACK_WAIT_MS
/** Workers start a Node process each (tsx compiles the sources): allow for a slow machine. */
const READY_TIMEOUT_MS = 60_000
/** After the last document ended: how long the stragglers (tables) may take to settle. */
const QUIET_TIMEOUT_MS = 15_000
/** How long a worker may take to stop, report and exit before it is killed. */
const WORKER_STOP_MS = 10_000
/** How long `stop()` of the coordinator's bus may drain. */
const STOP_TIMEOUT_MS = 5_000

/** The repository's root: workers run with it as working directory (so `--import tsx` resolves). */
const ROOT = join(__dirname, '..', '..')
const WORKER_ENTRY = join(ROOT, 'examples', 'document-pipeline-worker.ts')

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** `promise`, or undefined after `ms` (a teardown step must not hold the exit up). */
function within<T>(ms: number, promise: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      resolve(undefined)
    }, ms)
  })
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer)
  })
}

/** One worker process as the coordinator sees it. */
class WorkerProcess {
  latest: MetricsSnapshot | null = null
  final: WorkerFinal | null = null
  exit: { readonly code: number | null; readonly signal: NodeJS.Signals | null } | null = null
  readonly label: string
  readonly ready: Promise<void>
  readonly exited: Promise<void>

  constructor(
    readonly n: number,
    readonly proc: ChildProcess,
  ) {
    this.label = `w${n}`
    this.exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.exit = { code, signal }
        resolve()
      })
    })
    this.ready = new Promise((resolve, reject) => {
      proc.on('message', (raw) => {
        const message = raw as WorkerMessage
        switch (message.type) {
          case 'ready':
            resolve()
            break
          case 'metrics':
            this.latest = message.snapshot
            break
          case 'final':
            this.final = message.final
            break
        }
      })
      void this.exited.then(() => {
        reject(new SetupError(`worker ${n} exited (${this.describeExit()}) before its consumers were ready; see its error above`))
      })
    })
    this.ready.catch(() => undefined) // observed by whoever awaits it
  }

  get alive(): boolean {
    return this.exit === null
  }

  describeExit(): string {
    if (this.exit === null) return 'running'
    return this.exit.signal !== null ? `killed by ${this.exit.signal}` : `exit code ${this.exit.code}`
  }

  /** Asks the worker to stop its bus and report; kills it if it takes longer than `ms`. */
  async stop(ms: number): Promise<void> {
    if (!this.alive) return
    if (this.proc.connected) this.proc.send({ type: 'stop' } satisfies CoordinatorMessage)
    else this.proc.kill('SIGTERM')
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), ms)
    await this.exited
    clearTimeout(timer)
  }

  /** Synchronous last resort (a process `exit` hook). */
  kill(): void {
    if (this.alive) this.proc.kill('SIGKILL')
  }
}

/** The last snapshot of a worker that died: its counts stand, nothing of it runs or waits any more. */
function gone(s: MetricsSnapshot): MetricsSnapshot {
  return { ...s, total: { ...s.total, eventsPerSecond: 0 }, queueSize: 0, inFlight: 0, memory: s.memory === null ? null : { heapUsedMb: 0, rssMb: 0 } }
}

/** Every consumer of the stream has nothing pending and nothing unacknowledged. */
async function streamQuiet(jsm: JetStreamManager, stream: string): Promise<boolean> {
  const consumers = await jsm.consumers.list(stream).next()
  return consumers.every((c) => c.num_pending === 0 && c.num_ack_pending === 0)
}

/**
 * The demo across processes: this process (the coordinator) starts a private nats-server
 * (unless `--servers` names one), publishes the documents, spawns the workers that run the
 * stages in consumer groups, tracks how each document ends, shows progress and the merged
 * live metrics, and closes with the report. Every run has its own stream and subject prefix
 * (`DEMO_<run>`, `demo-<run>`), so runs never mix on a shared server; on a server of yours
 * the demo deletes them at the end.
 *
 * @returns The exit status: 0 when every document ended completed or failed exactly once.
 */
export async function runDistributed(options: DemoOptions): Promise<number> {
  const plan = planDocuments(options.documents, options.failRate, options.seed)
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`
  const stream = `DEMO_${run.toUpperCase()}`
  const subjectPrefix = `demo-${run}`
  const ids = { batchId: `batch-${options.seed}`, sessionId: `session-${run}` }

  let server: PrivateNatsServer | null = null
  const workers: WorkerProcess[] = []
  let teardown: Promise<void> | null = null
  // onSignal sets it while this function awaits: `as boolean` stops TypeScript narrowing it to `false`.
  let interrupted = false as boolean
  let close: () => Promise<void> = async () => undefined
  let live: Subscription | null = null

  // Ctrl-C: stop the workers, the server, remove the store; then exit 130 (143 on SIGTERM).
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return
    interrupted = true
    live?.unsubscribe()
    process.stderr.write(`\n${signal}: stopping ${workers.filter((w) => w.alive).length} workers${server === null ? '' : ' and the nats-server'}...\n`)
    const forced = setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 8_000)
    void close().finally(() => {
      clearTimeout(forced)
      process.exit(signal === 'SIGINT' ? 130 : 143)
    })
  }
  const lastResort = (): void => {
    for (const w of workers) w.kill()
    server?.kill()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  process.on('exit', lastResort)

  process.stdout.write(
    `Document pipeline: ${count(options.documents)} documents, fail rate ${percent(options.failRate)}, seed ${options.seed}; ` +
      `${count(plan.duplicates)} duplicate submissions for the filter\n`,
  )
  try {
    let servers: string[]
    if (options.servers === null) {
      server = await PrivateNatsServer.start()
      servers = [server.url]
    } else {
      servers = options.servers.split(',')
    }
    const admin = await connect({ servers, name: 'document-pipeline admin' }).catch((error: unknown) => {
      throw new SetupError(
        `could not connect to ${servers.join(', ')}: ${error instanceof Error ? error.message : String(error)}; is a nats-server running there (with -js)?`,
      )
    })
    const jsm = await jetstreamManager(admin)

    const transportConfig = { servers, stream, subjectPrefix, ackWaitMs: ACK_WAIT_MS }
    const { bus, counter, busLog, middlewareLog } = createPipelineBus(demoTransport(transportConfig, 'coordinator'))
    const tracker = new DocumentTracker(options.documents)
    const batch: BatchLog = { tables: 0, progressUpdates: 0, lastProgress: 0 }
    subscribeStages(bus, plan, { tracker, ids, batch }, { work: false })
    const deadLetters: Partial<Record<DeadLetterReason, number>> = {}
    bus.deadLetters$.subscribe((letter) => {
      deadLetters[letter.reason] = (deadLetters[letter.reason] ?? 0) + 1
    })

    // Ctrl-C reaches the private nats-server too (same process group): it may be gone already,
    // so no step waits long for it.
    close = (): Promise<void> =>
      (teardown ??= (async () => {
        await Promise.all(workers.map((w) => w.stop(1_000)))
        await within(
          1_000,
          bus.stop({ timeoutMs: 500 }).catch(() => undefined),
        )
        if (options.servers !== null) {
          for (const name of [stream, `${stream}_DLQ`])
            await within(
              2_000,
              jsm.streams.delete(name).catch(() => false),
            )
        }
        await within(
          500,
          admin.close().catch(() => undefined),
        )
        await server?.stop()
      })())

    process.stdout.write(
      `Transport: NATS JetStream (nats-server ${admin.info?.version ?? '?'}) at ${servers.join(', ')}` +
        `${server === null ? '' : ` (private, store ${server.storeDir})`}; stream ${stream} on ${subjectPrefix}.>, dead letters ${stream}_DLQ\n`,
    )
    // The coordinator's own consumers (the tracking subscriptions, no group: this process gets every event).
    const failures: EventBusError[] = []
    const watch = bus.errors$.subscribe((error) => failures.push(error))
    await bus.start() // creates the streams before any worker connects
    await bus.ready()
    watch.unsubscribe()
    if (failures.length > 0) throw new SetupError(`the coordinator could not subscribe: ${failures.map((e) => e.message).join('; ')}`)

    const spawnedAt = performance.now()
    for (let n = 1; n <= options.workers; n++) {
      const config: WorkerConfig = { ...transportConfig, worker: n, documents: options.documents, failRate: options.failRate, seed: options.seed }
      const proc = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY, JSON.stringify(config)], {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
      const worker = new WorkerProcess(n, proc)
      workers.push(worker)
      void worker.exited.then(() => {
        if (worker.final === null && !interrupted && teardown === null) {
          process.stderr.write(
            `\nworker ${n} (pid ${proc.pid}) ${worker.describeExit()}: the broker redelivers what it held unacknowledged after ${seconds(ACK_WAIT_MS)}\n`,
          )
        }
      })
    }
    let readyTimer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      Promise.all(workers.map((w) => w.ready)),
      new Promise((_, reject) => {
        readyTimer = setTimeout(() => {
          reject(new SetupError(`the workers were not ready within ${seconds(READY_TIMEOUT_MS)}`))
        }, READY_TIMEOUT_MS)
      }),
    ])
    clearTimeout(readyTimer)
    process.stdout.write(
      `${options.workers === 1 ? '1 worker' : `${options.workers} workers`} ready in ${seconds(performance.now() - spawnedAt)} ` +
        `(pid${options.workers === 1 ? '' : 's'} ${workers.map((w) => w.proc.pid).join(', ')}), ${options.workers === 1 ? 'in' : 'each in'} the groups ${Object.values(STAGE_GROUPS).join(', ')}\n`,
    )

    // Live: the coordinator's snapshot merged with each worker's latest.
    const processes = options.workers + 1
    let mainSnapshot: MetricsSnapshot = bus.getMetrics()
    const merged = (): MetricsSnapshot => {
      const parts: ProcessMetrics[] = []
      for (const w of workers) {
        if (w.final !== null) parts.push({ label: w.label, snapshot: w.final.snapshot })
        else if (w.latest !== null) parts.push({ label: w.label, snapshot: w.alive ? w.latest : gone(w.latest) })
      }
      parts.push({ label: 'main', snapshot: mainSnapshot })
      return mergeMetrics(parts, HANDLER_ORDER)
    }
    const view = new ProgressView(process.stdout, processes)
    live = bus.metrics$.subscribe((snapshot) => {
      mainSnapshot = snapshot
      view.update(tracker, merged())
    })

    const cpuAtStart = process.cpuUsage()
    const serverCpuAtStart = server?.cpuMs() ?? null
    const startedAt = performance.now()
    await bus.publish(batchStartedEvent(ids, options.documents))
    // Each publish resolves when the broker stored the event (and the filter drops duplicates here).
    for (const documentId of plan.submissions) await bus.publish(startedEvent(plan, documentId))

    // Until every document ended, no document ended for STALL_MS, or no worker is left.
    let lastEnded = -1
    let lastChangeAt = performance.now()
    while (tracker.ended < options.documents && !interrupted) {
      if (tracker.ended !== lastEnded) {
        lastEnded = tracker.ended
        lastChangeAt = performance.now()
      } else if (performance.now() - lastChangeAt > STALL_MS || workers.every((w) => !w.alive)) {
        break
      }
      await sleep(5)
    }
    await bus.drain()
    const elapsedMs = performance.now() - startedAt

    await bus.publish(batchCompletedEvent(ids, elapsedMs))
    // The stragglers (a table extracted after its document completed), then nothing pending anywhere, twice in a row.
    const quietUntil = performance.now() + QUIET_TIMEOUT_MS
    let quietChecks = 0
    while (quietChecks < 2 && performance.now() < quietUntil && !interrupted) {
      await sleep(50)
      await bus.drain()
      quietChecks = batch.completedSeen === true && (await streamQuiet(jsm, stream)) ? quietChecks + 1 : 0
    }
    const settledMs = performance.now() - startedAt
    const mainCpu = process.cpuUsage(cpuAtStart)
    const serverCpuMs = serverCpuAtStart === null ? null : (server?.cpuMs() ?? serverCpuAtStart) - serverCpuAtStart

    await Promise.all(workers.map((w) => w.stop(WORKER_STOP_MS)))
    const streamInfo = await jsm.streams.info(stream)
    const dlqInfo = await jsm.streams.info(`${stream}_DLQ`)
    mainSnapshot = bus.getMetrics()
    live.unsubscribe()
    const final = merged()
    view.finish(tracker, final)
    const { undelivered } = await bus.stop({ timeoutMs: STOP_TIMEOUT_MS })
    await close()
    if (interrupted) return 130

    const finals = workers.map((w) => w.final).filter((f): f is WorkerFinal => f !== null)
    const lostWorkers = workers.filter((w) => w.final === null)
    const deliveries = (label: string): number => {
      const w = workers.find((x) => x.label === label)
      const snapshot = label === 'main' ? mainSnapshot : (w?.final?.snapshot ?? w?.latest ?? null)
      return snapshot === null ? 0 : snapshot.total.totalEvents
    }
    const undeliveredAll = undelivered.length + finals.reduce((n, f) => n + f.undelivered, 0)
    const stored = streamInfo.state.messages
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
        metrics: final,
        middlewareMetrics: mergeMiddlewareMetrics([counter.getMetrics(), ...finals.map((f) => f.middleware)]),
        deadLetters: mergeDeadLetters([deadLetters, ...finals.map((f) => f.deadLetters)]),
        undelivered: undeliveredAll,
        progressUpdates: batch.progressUpdates,
        tables: batch.tables,
        busLogErrors: busLog.counts.error + finals.reduce((n, f) => n + f.busLogErrors, 0),
        middlewareLogLines: middlewareLog.total + finals.reduce((n, f) => n + f.middlewareLogLines, 0),
        distributed: {
          processes,
          rows: [
            [
              'transport',
              `NATS JetStream, ${options.workers} workers + the coordinator${server === null ? `, server ${servers.join(', ')} (the run's streams deleted)` : ', private nats-server (stopped, store removed)'}`,
            ],
            [
              'events through the stream',
              `${count(stored)} in ${seconds(settledMs)} (${count((stored * 1000) / settledMs)} events/s, stored and consumed; stream ${stream})`,
            ],
            ['dead letters on the broker', `${count(dlqInfo.state.messages)} in ${stream}_DLQ`],
            [
              'CPU time during the run',
              [
                ...workers.map((w) => `${w.label} ${w.final === null ? '?' : seconds(w.final.cpuMs)}`),
                `main ${seconds((mainCpu.user + mainCpu.system) / 1000)}`,
                ...(serverCpuMs === null ? [] : [`nats-server ${seconds(serverCpuMs)}`]),
              ].join(', ') + ` (${cpus().length} CPUs)`,
            ],
            ['deliveries by process', [...workers.map((w) => w.label), 'main'].map((label) => `${label} ${count(deliveries(label))}`).join(', ')],
            ...(lostWorkers.length === 0
              ? []
              : ([['workers lost', lostWorkers.map((w) => `${w.label} ${w.describeExit()} (last snapshot shown)`).join(', ')]] as const)),
          ],
        },
      })}\n`,
    )

    if (tracker.lost > 0 || undeliveredAll > 0 || tracker.endedTwice > 0) {
      process.stderr.write(
        `\nFAILED: ${count(tracker.lost)} documents never ended, ${count(undeliveredAll)} events undelivered, ` +
          `${count(tracker.endedTwice)} documents ended twice\n`,
      )
      return 1
    }
    return 0
  } catch (error) {
    if (interrupted) return 130 // a publish or a wait cut short by the teardown
    throw error
  } finally {
    await close().catch(() => undefined)
    lastResort()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    process.off('exit', lastResort)
  }
}
