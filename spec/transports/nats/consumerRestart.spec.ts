import { connect } from '@nats-io/transport-node'
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream'
import { Event, EventBus, type BusHealth, type Logger } from '../../../lib'
import { natsTransport } from '../../../lib/transports/nats'
import { NatsServer, until } from '../../helpers/natsServer'
import { natsServerPerSuite } from '../../helpers/natsBus'

jest.setTimeout(60_000)

/** A logger that keeps every line as JSON (to count them and to look for payload values). */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = []
  const keep = (level: string) => (fields: object, message?: string) => void lines.push(JSON.stringify({ level, message, ...fields }))
  return { logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') }, lines }
}

describe('a NATS consumer that stops is reported and restarted (a real nats-server)', () => {
  let server: NatsServer
  let raw: Awaited<ReturnType<typeof connect>>
  let jsm: JetStreamManager
  beforeAll(async () => {
    server = await NatsServer.start()
    raw = await connect({ servers: server.url })
    jsm = await jetstreamManager(raw)
  })
  afterAll(async () => {
    await raw.close()
    await server.stop()
  })

  const SECRET = 'secret-payload-value-4111'

  it.each([
    ['in a group', { group: 'restarts' }, 'restarts-restart_x'],
    ['without a group', {}, null],
  ] as const)(
    '%s: deleted from outside, it shows in health(), is restarted where it stopped, and is logged once without payload',
    async (_label, options, durableName) => {
      const { logger, lines } = recordingLogger()
      const bus = new EventBus({ logger, transport: natsTransport({ servers: server.url }) })
      await bus.start()
      const handled: unknown[] = []
      bus.subscribe('restart.x', (e) => void handled.push(e.payload['n']), { ...options, name: 'restarter' })
      await bus.ready()
      await bus.publish(new Event({ eventType: 'restart.x', payload: { n: 1, secret: SECRET } }))
      await until(() => handled.length === 1, 'the first event')

      const healthAtStop: BusHealth[] = []
      bus.errors$.subscribe(() => healthAtStop.push(bus.health()))
      const name = durableName ?? (await jsm.consumers.list('EVENTS').next()).find((c) => c.name.startsWith('restarter-restart_x-'))?.name
      expect(name).toBeDefined()
      await jsm.consumers.delete('EVENTS', name as string)
      // published while no consumer exists: the restarted one starts after the last event this process received
      await bus.publish(new Event({ eventType: 'restart.x', payload: { n: 2, secret: SECRET } }))
      await until(() => healthAtStop.length === 1, 'the stop reported on errors$')
      expect(healthAtStop[0]).toMatchObject({ healthy: false, transport: { connected: true, stoppedConsumers: [name] } })
      expect(healthAtStop[0].transport?.detail).toMatch(/consumer '.+' stopped, restarting/)

      await until(() => bus.health().healthy, 'the consumer restarted')
      expect(bus.health().transport?.stoppedConsumers).toBeUndefined()
      await bus.publish(new Event({ eventType: 'restart.x', payload: { n: 3, secret: SECRET } }))
      await until(() => handled.length === 3, 'the events published during and after the restart')
      expect(handled).toEqual([1, 2, 3])

      const stopLines = lines.filter((l) => l.includes('stopped'))
      expect(stopLines).toHaveLength(1)
      expect(stopLines[0]).toMatch(/consumer '.+' on 'events\.restart\.x' stopped \(.*consumer deleted.*\); restarting in 250 ms/)
      expect(lines.join('\n')).not.toContain(SECRET)
      await bus.stop()
    },
  )
})

describe('a NATS consumer deleted while no fetch waits on it (a real nats-server)', () => {
  const server = natsServerPerSuite()

  it('is noticed by its missing heartbeats on the next fetch, restarted, and loses nothing published meanwhile', async () => {
    const raw = await connect({ servers: server.url })
    const jsm = await jetstreamManager(raw)
    const { logger, lines } = recordingLogger()
    const bus = server.newBus({}, { logger })
    await bus.start()
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const handled: number[] = []
    bus.subscribe(
      'hold.x',
      async (e) => {
        await gate
        handled.push(e.payload['n'] as number)
      },
      { group: 'holders', concurrency: 1 },
    )
    await bus.ready()
    // concurrency 1: the process holds 8 and has no fetch waiting on the broker
    for (let n = 0; n < 8; n++) await bus.publish(new Event({ eventType: 'hold.x', payload: { n } }))
    await until(() => bus.getMetrics().queueSize >= 7, 'the eight held')
    await jsm.consumers.delete('EVENTS', 'holders-hold_x')
    await bus.publish(new Event({ eventType: 'hold.x', payload: { n: 8 } }))
    release()
    await until(() => handled.length === 9, 'the event published while the consumer was missing', 30_000)
    expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    expect(lines.filter((l) => l.includes('stopped'))).toEqual([expect.stringMatching(/heartbeats missed/)])
    await bus.stop()
    await raw.close()
  })
})
