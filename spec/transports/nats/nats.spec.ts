import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { connect } from '@nats-io/transport-node'
import { Event, EventBus, EventValidationError, TransportError, silentLogger, type DeadLetter } from '../../../lib'
import { natsTransport } from '../../../lib/transports/nats'
import { defined } from '../../helpers/fixtures'
import { natsServerPerSuite } from '../../helpers/natsBus'

jest.setTimeout(90_000)

/** Polls `check` until it holds (an awaited condition, not a fixed sleep). */
async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

interface Worker {
  readonly proc: ChildProcess
  readonly started: string[]
  readonly handled: string[]
  readonly deliveryCounts: number[]
  ready: boolean
}

function spawnWorker(url: string, group: string, slowMs: number, ackWaitMs: number, eventType = `work.${group}`): Worker {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'worker.ts'), url, group, String(slowMs), String(ackWaitMs), eventType], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const w: Worker = { proc, started: [], handled: [], deliveryCounts: [], ready: false }
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const msg = JSON.parse(line) as { ready?: boolean; started?: string; handled?: string; deliveryCount?: number }
    if (msg.deliveryCount !== undefined) w.deliveryCounts.push(msg.deliveryCount)
    if (process.env['DEBUG_WORKERS'] !== undefined) process.stderr.write(`${proc.pid} ${line}\n`)
    if (msg.ready === true) w.ready = true
    if (msg.started !== undefined) w.started.push(msg.started)
    if (msg.handled !== undefined) w.handled.push(msg.handled)
  })
  return w
}

async function stopWorker(w: Worker): Promise<void> {
  if (w.proc.exitCode !== null || w.proc.signalCode !== null) return
  await new Promise<void>((resolve) => {
    w.proc.once('exit', () => {
      resolve()
    })
    w.proc.kill('SIGTERM')
  })
}

const item = (i: number, group = 'item'): Event => new Event({ eventType: `work.${group}`, payload: { i } })

describe('NATS JetStream transport (a real nats-server per suite)', () => {
  const server = natsServerPerSuite()

  it('splits a group between two processes: every event handled once, none lost or doubled', async () => {
    const workers = [spawnWorker(server.url, 'split', 1, 30_000), spawnWorker(server.url, 'split', 1, 30_000)]
    await until(() => workers.every((w) => w.ready), 'workers ready')
    const publisher = server.newBus()
    await publisher.start()
    const sent: string[] = []
    for (let i = 0; i < 200; i++) {
      const e = item(i, 'split')
      await publisher.publish(e)
      sent.push(e.id)
    }
    await until(() => workers[0].handled.length + workers[1].handled.length >= 200, 'all handled')
    const handled = [...workers[0].handled, ...workers[1].handled]
    expect(handled.sort()).toEqual([...sent].sort())
    expect(new Set(handled).size).toBe(200)
    expect(workers[0].handled.length).toBeGreaterThan(0)
    expect(workers[1].handled.length).toBeGreaterThan(0)
    await publisher.stop()
    await Promise.all(workers.map(stopWorker))
  })

  it("redelivers a killed worker's events to the other member of its group", async () => {
    const slow = spawnWorker(server.url, 'failover', 60_000, 1_000)
    await until(() => slow.ready, 'slow worker ready')
    const publisher = server.newBus()
    await publisher.start()
    const sent: string[] = []
    for (let i = 0; i < 4; i++) {
      const e = item(i, 'failover')
      await publisher.publish(e)
      sent.push(e.id)
    }
    await until(() => slow.started.length === 4, 'the slow worker to start all four')
    slow.proc.kill('SIGKILL')
    const rescuer = spawnWorker(server.url, 'failover', 1, 1_000)
    await until(() => rescuer.handled.length >= 4, 'the rescuer to handle the four', 45_000)
    expect([...new Set(rescuer.handled)].sort()).toEqual([...sent].sort())
    expect(slow.handled).toEqual([])
    // the handler can tell a redelivery: every event it got had been delivered before
    expect(rescuer.deliveryCounts.every((n) => n >= 2)).toBe(true)
    await publisher.stop()
    await stopWorker(rescuer)
  })

  it('loses no acknowledged event when the broker is killed and restarted mid-stream', async () => {
    const consumer = server.newBus({ ackWaitMs: 2_000 })
    await consumer.start()
    const handled = new Map<string, number>()
    consumer.subscribe('work.restart', (e) => void handled.set(e.id, (handled.get(e.id) ?? 0) + 1), { group: 'restart', concurrency: 8 })
    await consumer.ready()
    const publisher = server.newBus()
    await publisher.start()
    const acked: string[] = []
    for (let i = 0; i < 300; i++) {
      if (i === 150) await server.restart() // SIGKILL, then the same store again
      const e = item(i, 'restart')
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          await publisher.publish(e)
          acked.push(e.id)
          break
        } catch (error) {
          expect(error).toBeInstanceOf(TransportError)
          await new Promise((r) => setTimeout(r, 100))
        }
      }
    }
    expect(acked).toHaveLength(300)
    await until(() => acked.every((id) => handled.has(id)), 'every acknowledged event handled', 60_000)
    // consumer-side dedupe by event id: a redelivery of an acked event never reaches the handler twice
    expect([...handled.values()].every((n) => n === 1)).toBe(true)
    await publisher.stop()
    await consumer.stop()
  })

  it('sends an undecodable message to dead letters as invalid, never to a handler, and keeps consuming', async () => {
    const bus = server.newBus()
    await bus.start()
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const seen: unknown[] = []
    bus.subscribe('poison.x', (e) => void seen.push(e.payload), { group: 'poison' })
    await bus.ready()
    const raw = await connect({ servers: server.url })
    const { jetstream } = await import('@nats-io/jetstream')
    const js = jetstream(raw)
    await js.publish('events.poison.x', new TextEncoder().encode('{not json'))
    await js.publish('events.poison.x', new TextEncoder().encode(JSON.stringify({ eventType: 'other.type' })))
    await bus.publish(new Event({ eventType: 'poison.x', payload: { ok: true } }))
    await until(() => seen.length === 1 && letters.length === 2, 'one handled, two invalid')
    expect(seen).toEqual([{ ok: true }])
    expect(letters.map((d) => d.reason)).toEqual(['invalid', 'invalid'])
    await raw.close()
    await bus.stop()
  })

  it('naks with the retry delay, then dead-letters on the dead-letter subject and acks', async () => {
    const bus = server.newBus()
    await bus.start()
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const attempts: number[] = []
    bus.subscribe(
      'flaky.x',
      (_e, ctx) => {
        attempts.push(ctx.attempt)
        throw new Error('always')
      },
      { group: 'flaky', retry: { count: 2, delayMs: 50 }, name: 'flaky' },
    )
    await bus.ready()
    const e = new Event({ eventType: 'flaky.x' })
    await bus.publish(e)
    await until(() => letters.length === 1, 'a dead letter')
    expect(attempts).toHaveLength(3)
    expect(letters[0]).toMatchObject({ reason: 'retries-exhausted', handler: 'flaky', attempts: 3 })
    const raw = await connect({ servers: server.url })
    const { jetstreamManager } = await import('@nats-io/jetstream')
    const jsm = await jetstreamManager(raw)
    const stored = await jsm.streams.getMessage('EVENTS_DLQ', { last_by_subj: 'events-dlq.flaky.x' })
    expect(stored).not.toBeNull()
    const letter = JSON.parse(new TextDecoder().decode(defined(stored, 'a stored dead letter').data)) as { event: { id: string }; reason: string }
    expect(letter.event.id).toBe(e.id)
    expect(bus.getMetrics().handlers['flaky']).toMatchObject({ retryCount: 2, errorCount: 1 })
    await raw.close()
    await bus.stop()
  })

  it('broadcasts to every process without a group, and reports the connection in health()', async () => {
    const a = server.newBus()
    const b = server.newBus()
    await a.start()
    await b.start()
    const got: string[] = []
    a.subscribe('news.x', () => void got.push('a'))
    b.subscribe('news.x', () => void got.push('b'))
    await Promise.all([a.ready(), b.ready()])
    await a.publish(new Event({ eventType: 'news.x' }))
    await until(() => got.length === 2, 'both buses')
    expect(got.sort()).toEqual(['a', 'b'])
    expect(a.health()).toMatchObject({ healthy: true, transport: { connected: true } })
    await expect(a.publish(new Event({ eventType: 'news.x' }), { waitFor: 'handled' })).rejects.toBeInstanceOf(TransportError)
    await a.stop()
    await b.stop()
    expect(a.health()).toMatchObject({ running: false, transport: { connected: false } })
  })

  it('fails start with a TransportError that names the server when nothing listens', async () => {
    const bus = new EventBus({
      logger: silentLogger,
      transport: natsTransport({ servers: 'nats://127.0.0.1:1', connection: { maxReconnectAttempts: 0, timeout: 500 } }),
    })
    await expect(bus.start()).rejects.toThrow(/127\.0\.0\.1:1/)
    expect(() => natsTransport({} as never)).toThrow(/servers/)
  })
})

describe('NATS transport: redeliver and ready', () => {
  const server = natsServerPerSuite()

  it('creates its streams with the age and size limits asked for (and a duplicate window within the age)', async () => {
    const raw = await connect({ servers: server.url })
    const { jetstreamManager } = await import('@nats-io/jetstream')
    const jsm = await jetstreamManager(raw)
    const bus = new EventBus({
      logger: silentLogger,
      transport: natsTransport({ servers: server.url, stream: 'LIMITED', subjectPrefix: 'limited', maxAgeMs: 60_000, maxBytes: 10_000_000 }),
    })
    await bus.start()
    for (const name of ['LIMITED', 'LIMITED_DLQ']) {
      const { config } = await jsm.streams.info(name)
      expect(config).toMatchObject({ max_age: 60_000 * 1e6, max_bytes: 10_000_000, duplicate_window: 60_000 * 1e6 })
    }
    await bus.stop()
    const unlimited = server.newBus({ stream: 'UNLIMITED', subjectPrefix: 'unlimited' })
    await unlimited.start()
    expect((await jsm.streams.info('UNLIMITED')).config).toMatchObject({ max_age: 0, max_bytes: -1, duplicate_window: 120_000 * 1e6 })
    await unlimited.stop()
    await raw.close()
    expect(() => natsTransport({ servers: server.url, maxAgeMs: -1, maxBytes: 1.5 })).toThrow(EventValidationError)
    expect(() => natsTransport({ servers: server.url, maxAgeMs: -1 })).toThrow(/maxAgeMs/)
  })

  it('redelivers a dead letter across processes as a copy with a new id naming the original', async () => {
    const bus = server.newBus()
    await bus.start()
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    let fixed = false
    const handled: Event[] = []
    bus.subscribe(
      'redo.x',
      (e) => {
        if (!fixed) throw new Error('not yet')
        handled.push(e)
      },
      { group: 'redo' },
    )
    await bus.ready()
    const original = new Event({ eventType: 'redo.x' })
    await bus.publish(original)
    await until(() => letters.length === 1, 'a dead letter')
    fixed = true
    await bus.redeliver(letters[0])
    await until(() => handled.length === 1, 'the redelivered copy')
    expect(handled[0].id).not.toBe(original.id)
    expect(handled[0].metadata['redeliveredFrom']).toBe(original.id)
    await bus.stop()
  })
})
