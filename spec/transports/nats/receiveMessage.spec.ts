import { asyncScheduler } from 'rxjs'
import { Event } from '../../../lib'
import type { Transport, TransportDelivery, TransportHost } from '../../../lib/bus/transport'
import { natsTransport } from '../../../lib/transports/nats'
import { deliveryFailureDelay } from '../../../lib/transports/nats/receiveMessage'
import { natsServerPerSuite } from '../../helpers/natsBus'
import { until } from '../../helpers/natsServer'

jest.setTimeout(60_000)

/** A transport used directly, as the bus uses it, with a host that records what it is told. */
async function connected(url: string, hostile: Partial<TransportHost> = {}): Promise<{ transport: Transport; reported: string[] }> {
  const reported: string[] = []
  const host: TransportHost = {
    invalid: () => undefined,
    error: (error) => {
      reported.push(String(error))
    },
    scheduler: asyncScheduler,
    ...hostile,
  }
  const transport = natsTransport({ servers: url })
  await transport.connect(host)
  return { transport, reported }
}

describe('the NATS inbound path: nothing thrown reaches the client (a real nats-server)', () => {
  const server = natsServerPerSuite()

  it('naks a message whose delivery throws (it comes back) and keeps consuming the later ones', async () => {
    const { transport, reported } = await connected(server.url)
    const first = new Event({ eventType: 'boom.x', payload: { n: 1 } })
    const seen: [string, number][] = []
    const acked: string[] = []
    await transport.subscribe(['boom.x'], { name: 'boom', group: 'boom', maxInFlight: 8, timeoutMs: 0 }, (event, delivery: TransportDelivery) => {
      seen.push([event.id, delivery.deliveryCount])
      if (event.id === first.id && delivery.deliveryCount === 1) throw new Error('the bus threw')
      delivery.ack()
      acked.push(event.id)
    })
    const later = [new Event({ eventType: 'boom.x', payload: { n: 2 } }), new Event({ eventType: 'boom.x', payload: { n: 3 } })]
    for (const e of [first, ...later]) await transport.publish(e)
    await until(() => acked.length === 3, 'the two later events and the redelivered first one acked')
    expect(acked.slice(0, 2)).toEqual(later.map((e) => e.id)) // the later ones did not wait for the redelivery
    expect(seen).toContainEqual([first.id, 1])
    expect(seen).toContainEqual([first.id, 2]) // naked, then delivered again
    expect(reported).toEqual([expect.stringMatching(/the delivery of nats:events\.boom\.x#1 threw \(Error: the bus threw\); it was naked for redelivery/)])
    expect(transport.status().stoppedConsumers).toBeUndefined()
    await transport.close()
  })

  it('terminates an undecodable message even when reporting it throws, and keeps consuming', async () => {
    const { transport, reported } = await connected(server.url, {
      invalid: () => {
        throw new Error('hostile host')
      },
    })
    const handled: string[] = []
    await transport.subscribe(['bad.x'], { name: 'bad', group: 'bad', maxInFlight: 8, timeoutMs: 0 }, (event, delivery) => {
      handled.push(event.id)
      delivery.ack()
    })
    const { connect } = await import('@nats-io/transport-node')
    const { jetstream } = await import('@nats-io/jetstream')
    const raw = await connect({ servers: server.url })
    await jetstream(raw).publish('events.bad.x', new TextEncoder().encode('{not json'))
    const good = new Event({ eventType: 'bad.x' })
    await transport.publish(good)
    await until(() => handled.length === 1, 'the good event after the undecodable one')
    expect(handled).toEqual([good.id])
    expect(reported).toEqual([
      expect.stringMatching(/the delivery of nats:events\.bad\.x#\d+ threw \(Error: hostile host\); it was terminated \(undecodable\)/),
    ])
    await raw.close()
    await transport.close()
  })

  it('waits 1 s per delivery before a message whose delivery threw comes back, at most 30 s', () => {
    expect([1, 2, 5, 30, 100].map(deliveryFailureDelay)).toEqual([1_000, 2_000, 5_000, 30_000, 30_000])
  })
})
