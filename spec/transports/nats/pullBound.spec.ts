import { connect } from '@nats-io/transport-node'
import { jetstreamManager } from '@nats-io/jetstream'
import { Event } from '../../../lib'
import { natsServerPerSuite } from '../../helpers/natsBus'
import { until } from '../../helpers/natsServer'

jest.setTimeout(60_000)

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('what a process holds of a NATS consumer: max(2 x concurrency, 8), asked for as it acks (a real nats-server)', () => {
  const server = natsServerPerSuite()

  it('never holds more than 8 unacknowledged deliveries with concurrency 1 (the broker counts them)', async () => {
    const raw = await connect({ servers: server.url })
    const jsm = await jetstreamManager(raw)
    const bus = server.newBus()
    const publisher = server.newBus()
    await Promise.all([bus.start(), publisher.start()])
    let open: () => void = () => undefined
    const gate = new Promise<void>((resolve) => {
      open = resolve
    })
    let handled = 0
    bus.subscribe(
      'bound.x',
      async () => {
        await gate
        await wait(5) // a handler's work
        handled++
      },
      { group: 'bound', concurrency: 1 },
    )
    await bus.ready()
    const info = () => jsm.consumers.info('EVENTS', 'bound-bound_x')
    try {
      await Promise.all(Array.from({ length: 60 }, (_, n) => publisher.publish(new Event({ eventType: 'bound.x', payload: { n } }))))
      // While the handler is held: 8 delivered and unacknowledged, no pull request left waiting, 52 left on the broker
      // (the client's consume() keeps asking on receipt: 60 delivered, up to max_ack_pending 64).
      let last = await info()
      for (let i = 0; i < 500 && !(last.num_ack_pending === 8 && last.num_waiting === 0); i++) last = await info()
      expect({ ackPending: last.num_ack_pending, waiting: last.num_waiting, pending: last.num_pending }).toEqual({ ackPending: 8, waiting: 0, pending: 52 })
      open()
      // Then, sampled from the broker while the 60 are worked off: each ack frees one slot and the next fetch asks for
      // it; the broker handles acks and pull requests on separate queues, so it may count the next delivery a moment
      // before the ack that made room for it: 8, or 9 for that moment.
      const samples: number[] = []
      while (handled < 60) samples.push((await info()).num_ack_pending)
      expect(Math.max(...samples)).toBeLessThanOrEqual(9)
      expect(samples.length).toBeGreaterThan(10)
    } finally {
      open()
      await Promise.all([publisher.stop(), bus.stop()])
      await raw.close()
    }
  })

  it('a slow and a fast member of one group share the work: the slow one holds 8, the fast one takes the rest', async () => {
    const slow = server.newBus()
    const fast = server.newBus()
    const publisher = server.newBus()
    await Promise.all([slow.start(), fast.start(), publisher.start()])
    const by = { slow: 0, fast: 0 }
    slow.subscribe(
      'split.x',
      async () => {
        await wait(300)
        by.slow++
      },
      { group: 'split', concurrency: 1 },
    )
    fast.subscribe(
      'split.x',
      async () => {
        await wait(1)
        by.fast++
      },
      { group: 'split', concurrency: 1 },
    )
    await Promise.all([slow.ready(), fast.ready()])
    const t0 = Date.now()
    try {
      await Promise.all(Array.from({ length: 200 }, (_, n) => publisher.publish(new Event({ eventType: 'split.x', payload: { n } }))))
      let fastDoneAt = 0
      await until(() => {
        if (fastDoneAt === 0 && by.fast + by.slow >= 192) fastDoneAt = Date.now() - t0
        return by.slow + by.fast === 200
      }, 'all 200 handled')
      // 8 held at the start, and a few more as it acks: at 300 ms each, a handful in the time the fast one takes the rest
      expect(by.slow).toBeGreaterThanOrEqual(1)
      expect(by.slow).toBeLessThanOrEqual(16)
      expect(by.fast).toBeGreaterThanOrEqual(184)
      expect(fastDoneAt).toBeLessThan(8 * 300 + 1_000) // the fast one did not wait behind the slow one's hoard
    } finally {
      await Promise.all([slow.stop(), fast.stop(), publisher.stop()])
    }
  })
})
