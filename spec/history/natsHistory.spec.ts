import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DeliverPolicy, jetstream } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { firstValueFrom, toArray } from 'rxjs'
import { Event, EventBus, silentLogger, ValidationEvent, type DeadLetter, type SchemaVersions } from '../../lib'
import { natsServerPerSuite } from '../helpers/natsBus'
import { until } from '../helpers/natsServer'

jest.setTimeout(90_000)

const v1ToV2 = (json: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> => {
  const { name, ...rest } = json['payload'] as { name: string }
  const [firstName, lastName = ''] = name.split(' ')
  return { ...json, payload: { ...rest, firstName, lastName } }
}
const versions: SchemaVersions = { 'user.account.created': { version: 2, upcasters: { 1: v1ToV2 } } }

describe('history and the seed wire format over NATS JetStream (a real nats-server)', () => {
  const server = natsServerPerSuite()

  /** Publishes raw bytes on the stream, as another process (an older version, a Python service) would. */
  async function publishRaw(subject: string, body: unknown, msgID: string): Promise<void> {
    const nc = await connect({ servers: server.url })
    await jetstream(nc).publish(subject, JSON.stringify(body), { msgID })
    await nc.close()
  }

  it('history$ gives the same events as an in-memory bus for the same publishes and queries', async () => {
    const remote = server.newBus({ stream: 'H1', subjectPrefix: 'h1' })
    const local = new EventBus({ logger: silentLogger, history: { maxEvents: 1000 } })
    await remote.start()
    await local.start()
    const types = ['doc.page.a', 'doc.page.b', 'doc.other']
    for (let i = 0; i < 30; i++) {
      const e = new Event({ eventType: types[i % 3], payload: { n: i }, timestamp: 1_000 + i })
      await remote.publish(e)
      await local.publish(e)
    }
    const queries = [
      ['doc.page.a', {}],
      ['doc.page.*', { since: 1_010, until: 1_020 }],
      [['doc.other', 'doc.page.b'], { limit: 5 }],
      ['doc.>', { filter: (e: Event) => (e.payload['n'] as number) % 7 === 0 }],
    ] as const
    for (const [keys, q] of queries) {
      const a = await firstValueFrom(remote.history$(keys as never, q).pipe(toArray()))
      const b = await firstValueFrom(local.history$(keys as never, q).pipe(toArray()))
      expect(a.map((e) => e.id)).toEqual(b.map((e) => e.id))
      expect(a.length).toBeGreaterThan(0)
    }
    await remote.stop()
    await local.stop()
  })

  it("subscribe with from: 'all' and { last: n } starts the consumer in the past, then takes live events", async () => {
    const bus = server.newBus({ stream: 'H2', subjectPrefix: 'h2' })
    await bus.start()
    const past: string[] = []
    for (let i = 0; i < 5; i++) {
      const e = new Event({ eventType: 'work.item', payload: { i } })
      await bus.publish(e)
      past.push(e.id)
    }
    const all: string[] = []
    const last: string[] = []
    bus.subscribe('work.item', (e) => void all.push(e.id), { from: 'all' })
    bus.subscribe('work.item', (e) => void last.push(e.id), { from: { last: 2 } })
    await bus.ready()
    const live = new Event({ eventType: 'work.item', payload: { i: 5 } })
    await bus.publish(live)
    await until(() => all.length >= 6 && last.length >= 3, 'replayed and live events')
    expect(all).toEqual([...past, live.id])
    expect(last).toEqual([...past.slice(3), live.id])
    await bus.stop()
  })

  it("from: { since } starts at the broker's storage time; a group's durable consumer keeps its position after its first start", async () => {
    const bus = server.newBus({ stream: 'H5', subjectPrefix: 'h5' })
    await bus.start()
    const old = new Event({ eventType: 'work.item', payload: { i: 0 } })
    await bus.publish(old)
    const storedAfter = Date.now() + 1 // JetStream stores with its own clock: a start time after the first publish
    while (Date.now() <= storedAfter) await new Promise((r) => setImmediate(r))
    const recent = new Event({ eventType: 'work.item', payload: { i: 1 } })
    await bus.publish(recent)
    const since: string[] = []
    bus.subscribe('work.item', (e) => void since.push(e.id), { from: { since: storedAfter } })
    const first: string[] = []
    const group = bus.subscribe('work.item', (e) => void first.push(e.id), { from: 'all', group: 'keepers' })
    await bus.ready()
    await until(() => since.length >= 1 && first.length >= 2, 'since and the group')
    expect(since).toEqual([recent.id])
    expect(first).toEqual([old.id, recent.id])
    group.unsubscribe()
    await bus.stop()
    const later = server.newBus({ stream: 'H5', subjectPrefix: 'h5' })
    await later.start()
    const third = new Event({ eventType: 'work.item', payload: { i: 2 } })
    await later.publish(third)
    const again: string[] = []
    later.subscribe('work.item', (e) => void again.push(e.id), { from: 'all', group: 'keepers' })
    await later.ready()
    await until(() => again.length >= 1, 'the group resumed')
    expect(again).toEqual([third.id]) // where the group was, not from the start
    await later.stop()
  })

  it('a v1 event written by an old process reaches a v2 handler as v2; a v3 one is a dead letter naming both versions', async () => {
    const bus = server.newBus({ stream: 'H3', subjectPrefix: 'h3', schemaVersions: versions })
    await bus.start()
    const got: Event[] = []
    const dead: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => dead.push(d))
    bus.subscribe('user.account.created', (e) => void got.push(e))
    await bus.ready()
    await publishRaw('h3.user.account.created', { eventType: 'user.account.created', id: 'v1-event', payload: { name: 'Ada Lovelace' } }, 'v1-event')
    await publishRaw('h3.user.account.created', { eventType: 'user.account.created', id: 'v3-event', schemaVersion: 3, payload: { fullName: {} } }, 'v3-event')
    await until(() => got.length >= 1 && dead.length >= 1, 'the v1 delivery and the v3 dead letter')
    expect(got[0].payload).toEqual({ firstName: 'Ada', lastName: 'Lovelace' })
    expect(dead[0].reason).toBe('invalid')
    expect((dead[0].error as Error).message).toMatch(/version 2 or older: the event has version 3/)
    const history = await firstValueFrom(bus.history$('user.account.created').pipe(toArray()))
    expect(history.map((e) => e.payload)).toEqual([{ firstName: 'Ada', lastName: 'Lovelace' }]) // history$ upcasts too (v3 skipped)
    await bus.stop()
  })

  it("wireFormat: 'seed' reads what the Python service writes and writes what it reads (one round trip)", async () => {
    const bus = server.newBus({ stream: 'H4', subjectPrefix: 'h4', wireFormat: 'seed' })
    await bus.start()
    const got: Event[] = []
    bus.subscribe('document.validation.completed', (e) => void got.push(e))
    await bus.ready()
    const json = JSON.parse(readFileSync(join(__dirname, '../fixtures/seed/ValidationEvent.json'), 'utf8')) as Record<string, unknown>
    await publishRaw('h4.document.validation.completed', json, String(json['id']))
    await until(() => got.length >= 1, 'the seed event')
    const received = got[0]
    if (!(received instanceof ValidationEvent)) throw new Error('expected a ValidationEvent')
    expect(received.validationErrors[0]).toEqual({ code: 'missing_field', page: 2, message: 'total is missing' })
    await bus.publish(got[0].with({ id: 'republished' }))
    const nc = await connect({ servers: server.url })
    const last = await jetstream(nc).consumers.get('H4', { filter_subjects: 'h4.document.validation.completed', deliver_policy: DeliverPolicy.Last })
    const m2 = await last.next()
    expect(JSON.parse(new TextDecoder().decode(m2?.data))).toEqual({ ...json, id: 'republished' })
    await nc.close()
    await bus.stop()
  })
})
