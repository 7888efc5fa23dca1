import assert from 'node:assert/strict'
import { type Event, EventBus, silentLogger } from '@torematrix/event-bus'

export async function main(): Promise<void> {
  const bus = new EventBus({ logger: silentLogger })
  await bus.start()
  const received: number[] = []
  const consumer = (async () => {
    // bounded: at most 100 events wait; older ones are dropped and counted in `dropped`
    for await (const e of bus.iterate('metrics.sample', { bufferSize: 100 })) {
      received.push(e.payload['value'] as number)
      if (received.length === 3) break
    }
  })()
  for (let value = 1; value <= 3; value++) {
    bus.emit('metrics.sample', { value })
    await new Promise((resolve) => setImmediate(resolve))
  }
  await consumer
  assert.deepEqual(received, [1, 2, 3])
  // once: a Promise of the next matching event
  const four = bus.once('metrics.sample', { timeoutMs: 1000, filter: (e: Event) => e.payload['value'] === 4 })
  bus.emit('metrics.sample', { value: 4 })
  assert.equal((await four).payload['value'], 4)
  await bus.stop()
}
