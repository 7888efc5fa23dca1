import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { SpanKind } from '@opentelemetry/api'
import { Event, EventBus, silentLogger } from '../../lib'
import { OTEL_ATTRIBUTES as A, otelInstrumentation } from '../../lib/otel'
import { natsTransport } from '../../lib/transports/nats'
import { NatsServer, until } from '../helpers/natsServer'
import { idOf, parentOf, traceOf, tracing, type Tracing } from './tracingSetup'

jest.setTimeout(90_000)

interface SpanLine {
  readonly name: string
  readonly kind: SpanKind
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId?: string
  readonly attributes: Record<string, unknown>
}

describe('otelInstrumentation across processes (a real nats-server)', () => {
  let server: NatsServer
  let t: Tracing
  beforeAll(async () => {
    server = await NatsServer.start()
  })
  afterAll(async () => {
    await server.stop()
  })
  beforeEach(() => {
    t = tracing()
  })
  afterEach(async () => {
    await t.shutdown()
  })

  it("continues the publisher's trace in a worker process, and the worker's follow-up back in the publisher", async () => {
    const worker = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'otelWorker.ts'), server.url], { stdio: ['ignore', 'pipe', 'inherit'] })
    const workerSpans: SpanLine[] = []
    let ready = false
    createInterface({ input: worker.stdout }).on('line', (line) => {
      const msg = JSON.parse(line) as { ready?: boolean; span?: SpanLine }
      if (msg.ready === true) ready = true
      if (msg.span !== undefined) workerSpans.push(msg.span)
    })
    const exited = new Promise<void>((resolve) => {
      worker.once('exit', () => {
        resolve()
      })
    })
    const bus = new EventBus({ logger: silentLogger, transport: natsTransport({ servers: server.url }) })
    try {
      otelInstrumentation(bus, { tracer: t.tracer })
      await bus.start()
      const shipped: Event[] = []
      bus.subscribe('trace.shipped', (e) => void shipped.push(e), { name: 'notify' })
      await bus.ready()
      await until(() => ready, 'the worker to be ready')
      const order = new Event({ eventType: 'trace.order', payload: {} })
      await bus.publish(order)
      await until(() => t.spans().some((s) => s.name === 'trace.shipped process'), "the worker's follow-up handled here")
      await until(() => workerSpans.some((s) => s.name === 'trace.order process'), "the worker's consumer span to end")

      const publish = t.span('trace.order publish')
      const consume = workerSpans.find((s) => s.name === 'trace.order process')
      const followUp = workerSpans.find((s) => s.name === 'trace.shipped publish')
      const back = t.span('trace.shipped process')
      // the worker's consumer span: the publisher's trace, the publish span its parent
      expect(consume).toMatchObject({ kind: SpanKind.CONSUMER, traceId: traceOf(publish), parentSpanId: idOf(publish) })
      expect(consume?.attributes).toMatchObject({
        [A.system]: 'nats',
        [A.destination]: 'trace.order',
        [A.messageId]: order.id,
        [A.handler]: 'ship',
        [A.deliveryCount]: 1,
        [A.outcome]: 'fulfilled',
      })
      expect(followUp).toMatchObject({ kind: SpanKind.PRODUCER, traceId: traceOf(publish), parentSpanId: consume?.spanId })
      expect(traceOf(back)).toBe(traceOf(publish))
      expect(parentOf(back)).toBe(followUp?.spanId)
      expect(publish.attributes[A.system]).toBe('nats')
      expect(shipped[0]?.metadata['traceparent']).toBe(`00-${traceOf(publish)}-${followUp?.spanId ?? ''}-01`)
      // the message carries the context as W3C headers too (for tools that read headers, not our body)
      const raw = await connect({ servers: server.url })
      try {
        const stored = await (await jetstreamManager(raw)).streams.getMessage('EVENTS', { last_by_subj: 'events.trace.order' })
        expect(stored?.header.get('traceparent')).toBe(`00-${traceOf(publish)}-${idOf(publish)}-01`)
      } finally {
        await raw.close()
      }
    } finally {
      await bus.stop()
      worker.kill('SIGTERM')
      await exited
    }
  })
})
