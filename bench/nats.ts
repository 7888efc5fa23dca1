/**
 * The bus over NATS JetStream against the raw client doing the same work in one run (issue #6):
 * publish N events (acknowledged by the server, 256 in flight), consume them through a durable
 * pull consumer, ack each after its (no-op) handler. Starts its own nats-server on a free port.
 * Run: `npm run bench:nats` (flags: --events N, --runs R).
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Event, EventBus, silentLogger } from '../lib'
import { natsTransport } from '../lib/transports/nats'
import { NatsServer } from '../spec/helpers/natsServer'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const WINDOW = 256

async function pipelined(n: number, publish: (i: number) => Promise<unknown>): Promise<void> {
  const inFlight = new Set<Promise<unknown>>()
  for (let i = 0; i < n; i++) {
    const p = publish(i).finally(() => inFlight.delete(p))
    inFlight.add(p)
    if (inFlight.size >= WINDOW) await Promise.race(inFlight)
  }
  await Promise.all(inFlight)
}

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 2))
}

async function raw(url: string, n: number, run: number): Promise<number> {
  const nc = await connect({ servers: url })
  const js = jetstream(nc)
  const jsm = await jetstreamManager(nc)
  const stream = `RAW${run}`
  await jsm.streams.add({ name: stream, subjects: [`raw${run}.>`], retention: RetentionPolicy.Limits, storage: StorageType.File })
  await jsm.consumers.add(stream, {
    durable_name: 'g',
    filter_subject: `raw${run}.bench.tick`,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.New,
    max_ack_pending: 1024,
  })
  const consumer = await js.consumers.get(stream, 'g')
  let handled = 0
  const messages = await consumer.consume({
    max_messages: 64,
    callback: (m) => {
      const e = JSON.parse(new TextDecoder().decode(m.data)) as { payload: { i: number } }
      if (e.payload.i >= 0) handled++
      m.ack()
    },
  })
  const enc = new TextEncoder()
  const t0 = performance.now()
  await pipelined(n, (i) => {
    const e = new Event({ eventType: 'bench.tick', payload: { i } })
    return js.publish(`raw${run}.bench.tick`, enc.encode(JSON.stringify(e)), { msgID: e.id })
  })
  await waitFor(() => handled >= n)
  const seconds = (performance.now() - t0) / 1000
  await messages.close()
  await nc.drain()
  return n / seconds
}

async function ours(url: string, n: number, run: number): Promise<number> {
  const bus = new EventBus({ logger: silentLogger, transport: natsTransport({ servers: url, stream: `OURS${run}`, subjectPrefix: `ours${run}` }) })
  let handled = 0
  bus.subscribe(
    'bench.tick',
    (e) => {
      if ((e.payload['i'] as number) >= 0) handled++
    },
    { group: 'g', concurrency: 32 },
  )
  await bus.start()
  await bus.ready()
  const t0 = performance.now()
  await pipelined(n, (i) => bus.publish(new Event({ eventType: 'bench.tick', payload: { i } })))
  await waitFor(() => handled >= n)
  const seconds = (performance.now() - t0) / 1000
  await bus.stop()
  return n / seconds
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main(): Promise<void> {
  const n = arg('--events', 20_000)
  const runs = arg('--runs', 3)
  const server = await NatsServer.start()
  const rawRates: number[] = []
  const ourRates: number[] = []
  try {
    for (let r = 0; r < runs; r++) {
      // alternate the order so neither side always runs on a warmer server
      if (r % 2 === 0) {
        rawRates.push(await raw(server.url, n, r))
        ourRates.push(await ours(server.url, n, r))
      } else {
        ourRates.push(await ours(server.url, n, r))
        rawRates.push(await raw(server.url, n, r))
      }
    }
  } finally {
    await server.stop()
  }
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    events: n,
    runs,
    rawEventsPerSecond: Math.round(median(rawRates)),
    oursEventsPerSecond: Math.round(median(ourRates)),
    ratio: +(median(ourRates) / median(rawRates)).toFixed(3),
    raw: rawRates.map(Math.round),
    ours: ourRates.map(Math.round),
    target: 0.7,
  }
  console.table({ raw: result.rawEventsPerSecond, ours: result.oursEventsPerSecond, ratio: result.ratio })
  writeFileSync(join(__dirname, 'nats-results.json'), `${JSON.stringify(result, null, 2)}\n`)
}

void main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
