/**
 * A worker of the distributed demo (`npm run demo -- --transport nats --workers 2`):
 * examples/document-pipeline.ts spawns it as `node --import tsx examples/document-pipeline-worker.ts <config JSON>`
 * with an IPC channel; it is not meant to be run by hand.
 *
 * It builds the same bus as the in-process demo (settings, the seed's four middleware) on
 * `natsTransport`, subscribes the pipeline's work stages, each in its consumer group (so the
 * workers share every stage), tells the coordinator when its consumers exist, streams its
 * `metrics$` snapshots to it, and on `stop` stops the bus (it drains and acks what finished)
 * and sends its final counts. It ignores Ctrl-C (the coordinator, which receives it too,
 * stops the workers in order) and exits when the coordinator goes away.
 */
import type { Subscription } from 'rxjs'
import type { DeadLetterReason, EventBusError } from '../lib'
import { createPipelineBus, demoTransport } from './pipeline/busSetup'
import { planDocuments } from './pipeline/planDocuments'
import { subscribeStages } from './pipeline/subscribeStages'
import { isStopMessage, type WorkerConfig, type WorkerMessage } from './pipeline/workerProtocol'

/** How long `stop()` may drain (the coordinator stops workers once the stream is quiet). */
const STOP_TIMEOUT_MS = 5_000

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) {
      resolve()
    } else {
      process.send(message, undefined, {}, () => {
        resolve()
      })
    }
  })
}

async function main(): Promise<void> {
  if (process.send === undefined) {
    process.stderr.write('document-pipeline-worker: started by `npm run demo -- --transport nats`, not by hand\n')
    process.exitCode = 2
    return
  }
  const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig
  const plan = planDocuments(config.documents, config.failRate, config.seed)
  const { bus, counter, busLog, middlewareLog } = createPipelineBus(demoTransport(config, `worker ${config.worker}`))
  const deadLetters: Partial<Record<DeadLetterReason, number>> = {}
  bus.deadLetters$.subscribe((letter) => {
    deadLetters[letter.reason] = (deadLetters[letter.reason] ?? 0) + 1
  })

  // Ctrl-C reaches every process of the terminal's group: the coordinator handles it.
  process.on('SIGINT', () => undefined)
  let live: Subscription | null = null
  let cpuAtReady = process.cpuUsage()
  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    live?.unsubscribe()
    const { undelivered } = await bus.stop({ timeoutMs: STOP_TIMEOUT_MS })
    const cpu = process.cpuUsage(cpuAtReady)
    await send({
      type: 'final',
      final: {
        snapshot: bus.getMetrics(),
        middleware: counter.getMetrics(),
        deadLetters,
        undelivered: undelivered.length,
        busLogErrors: busLog.counts.error,
        middlewareLogLines: middlewareLog.total,
        cpuMs: (cpu.user + cpu.system) / 1000,
      },
    })
    process.disconnect()
  }
  process.on('message', (message) => {
    if (isStopMessage(message)) void stop()
  })
  // The coordinator is gone (it exited, or was killed): nothing left to work for.
  process.on('disconnect', () => {
    if (!stopping) void bus.stop({ timeoutMs: 1_000 }).finally(() => process.exit(1))
  })
  process.on('SIGTERM', () => void stop().finally(() => process.exit(0)))

  // A consumer that could not be created is reported here (ready() resolves all the same).
  const failures: EventBusError[] = []
  const watch = bus.errors$.subscribe((error) => failures.push(error))
  await bus.start()
  subscribeStages(bus, plan, null, { groups: true })
  // Groups start from the events published after their consumer exists: say ready only then.
  await bus.ready()
  watch.unsubscribe()
  if (failures.length > 0) throw new Error(`worker ${config.worker} could not subscribe: ${failures.map((e) => e.message).join('; ')}`)
  live = bus.metrics$.subscribe((snapshot) => void send({ type: 'metrics', snapshot }))
  cpuAtReady = process.cpuUsage()
  await send({ type: 'ready', pid: process.pid })
}

main().catch((error: unknown) => {
  process.stderr.write(`document-pipeline-worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
