/**
 * A bus in its own process for the NATS integration tests. Prints one JSON line per step:
 * {"ready":true}, {"started":id}, {"handled":id}. Args: <url> <group> <slowMs> <ackWaitMs> <eventType>.
 */
import { EventBus, silentLogger } from '../../../lib'
import { natsTransport } from '../../../lib/transports/nats'
import { runBusWorker, say } from '../../helpers/busWorker'

runBusWorker(async () => {
  const [url, group, slowMs, ackWaitMs, eventType] = process.argv.slice(2)
  const bus = new EventBus({ logger: silentLogger, transport: natsTransport({ servers: url, ackWaitMs: Number(ackWaitMs) }) })
  await bus.start()
  bus.subscribe(
    eventType,
    async (e, ctx) => {
      say({ started: e.id, deliveryCount: ctx.deliveryCount })
      await new Promise((resolve) => setTimeout(resolve, Number(slowMs)))
      say({ handled: e.id })
    },
    { group: group, concurrency: 4 },
  )
  return bus
})
