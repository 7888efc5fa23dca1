/** What `pack.spec.ts` needs besides its tests: the repository paths, a command runner, and the consumer programs and tsconfig it installs. */
import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const exec = promisify(execFile)
/** The repository root. */
export const root = resolve(__dirname, '../..')
/** This repository's node_modules, where the linked dependencies come from. */
export const modules = join(root, 'node_modules')
/** The TypeScript compiler the consumers are type-checked with. */
export const tsc = join(modules, 'typescript', 'bin', 'tsc')

/** Runs a command; on failure the error carries its stdout and stderr. */
export async function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await exec(command, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } })
    return stdout
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`)
  }
}

/** The dependencies and peers linked into the consumer project (no network). */
export const linked = [
  'rxjs',
  'io-ts',
  'fp-ts',
  '@standard-schema/spec',
  '@nats-io/jetstream',
  '@nats-io/transport-node',
  'prom-client',
  '@opentelemetry/api',
  'uplot',
  '@types/node',
]

// One consumer program per module system: load the entries, check that `/testing` builds the
// same `EventBus` class as `.` (one copy of the bus per format), publish and handle an event,
// scrape its Prometheus metrics (`./prometheus` loads prom-client itself: no client passed), and
// try the root entry's deprecated `collectPrometheusMetrics` without a client (\`legacy\`).
const consumerBody = (load: string, collect: string): string => `
${load}
async function main() {
  const bus = new core.EventBus({ logger: core.silentLogger })
  const registry = new prom.Registry()
  prometheus.collectPrometheusMetrics(bus, { registry })
  ${collect}
  await bus.start()
  const seen = []
  bus.subscribe('user.account.created', (event) => { seen.push(event.payload.name) }, { name: 'greeter' })
  await bus.publish(new core.Event({ eventType: 'user.account.created', payload: { name: 'Ada' } }))
  await bus.drain()
  const metrics = bus.getMetrics()
  const scraped = (await registry.metrics()).split('\\n').find((line) => line.startsWith('eventbus_events_processed_total{'))
  await bus.stop()
  const testBus = testing.createTestBus(rxjs.asyncScheduler)
  const sameClass = testBus instanceof core.EventBus
  await testBus.stop()
  console.log(JSON.stringify({
    seen,
    handled: metrics.handlers.greeter.successCount,
    total: metrics.total.totalEvents,
    sameClass,
    natsTransport: typeof nats.natsTransport,
    errorName: new core.BusNotStartedError().name,
    scraped,
    legacy,
  }))
}
main().catch((error) => { console.error(error); process.exitCode = 1 })
`

// The deprecated root collectPrometheusMetrics finds prom-client with require in CommonJS; from
// ESM it asks for the client or the ./prometheus entry.
const legacy = `let legacy = 'loaded'
  try { core.collectPrometheusMetrics(bus, new prom.Registry()) } catch (error) { legacy = /@torematrix\\/event-bus\\/prometheus/.test(error.message) ? 'points to ./prometheus' : error.message }`

/** The CommonJS consumer program (`consumer.cjs`). */
export const cjsConsumer = consumerBody(
  `
const rxjs = require('rxjs')
const prom = require('prom-client')
const core = require('@torematrix/event-bus')
const testing = require('@torematrix/event-bus/testing')
const nats = require('@torematrix/event-bus/nats')
const prometheus = require('@torematrix/event-bus/prometheus')
`,
  legacy,
)

/** The ESM consumer program (`consumer.mjs`). */
export const esmConsumer = consumerBody(
  `
import * as rxjs from 'rxjs'
import * as prom from 'prom-client'
import * as core from '@torematrix/event-bus'
const testing = await import('@torematrix/event-bus/testing')
const nats = await import('@torematrix/event-bus/nats')
const prometheus = await import('@torematrix/event-bus/prometheus')
`,
  legacy,
)

// A typed consumer; every `@ts-expect-error` must be an error, so wrong types would fail too.
/** The TypeScript consumer program, checked under node16 and bundler resolution. */
export const tsConsumer = `
import { DocumentEvent, DocumentEventTypes, EventBus, type MetricsSnapshot, type Logger } from '@torematrix/event-bus'
import { collectPrometheusMetrics, type PrometheusMetricsOptions } from '@torematrix/event-bus/prometheus'
import { Registry } from 'prom-client'
import { createTestBus } from '@torematrix/event-bus/testing'
import { natsTransport, type NatsTransportOptions } from '@torematrix/event-bus/nats'
import { asapScheduler } from 'rxjs'

type Events = { 'document.processing.started': DocumentEvent; 'user.account.created': { name: string } }

export async function main(): Promise<number> {
  const logger: Logger = console
  const bus = new EventBus<Events>({ logger })
  await bus.start()
  bus.subscribe('document.processing.started', (event) => {
    const id: string = event.documentId
    void id
  })
  bus.subscribe('user.account.created', (event) => {
    const name: string = event.payload.name
    void name
    // @ts-expect-error: no such payload field
    void event.payload.age
  })
  // @ts-expect-error: not an event type of this bus
  bus.subscribe('user.account.deleted', () => undefined)
  await bus.publish(new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId: 'doc-1' }))
  const metrics: MetricsSnapshot = bus.getMetrics()
  const options: PrometheusMetricsOptions = { registry: new Registry(), prefix: 'app', labels: { bus: 'main' } }
  const unregister: () => void = collectPrometheusMetrics(bus, options)
  unregister()
  collectPrometheusMetrics(bus)
  // @ts-expect-error: not a registry
  collectPrometheusMetrics(bus, { registry: {} })
  const test: EventBus<Events> = createTestBus<Events>(asapScheduler)
  await test.stop()
  const natsOptions: NatsTransportOptions | undefined = undefined
  void natsOptions
  void natsTransport
  return metrics.total.totalEvents
}
`

// node16: a Node project (@types/node). bundler: a browser project (DOM, no @types/node), which
// also shows that the declarations need no Node types. skipLibCheck is off: our .d.ts are checked too.
/** A consumer tsconfig.json: strict, no emit, library declarations checked. */
export const tsconfig = (compilerOptions: object, files: readonly string[]): string =>
  JSON.stringify(
    { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022'], types: [], ...compilerOptions }, files },
    null,
    2,
  )
