import assert from 'node:assert/strict'
import { DocumentEvent, EventBus, silentLogger } from '@torematrix/event-bus'

type Events = { 'document.page.ready': DocumentEvent }

export async function main(): Promise<void> {
  const bus = new EventBus<Events>({ logger: silentLogger })
  await bus.start()
  const log: string[] = []
  let releaseA!: () => void
  const documentASlow = new Promise<void>((resolve) => (releaseA = resolve))
  // One document's pages in order; different documents in parallel, up to 4 at once.
  bus.subscribe(
    'document.page.ready',
    async ({ documentId, pageNumbers }) => {
      if (documentId === 'a') await documentASlow
      log.push(`${documentId}${pageNumbers[0]}`)
    },
    { concurrency: 4, orderBy: (e) => e.documentId },
  )
  for (const [doc, page] of [
    ['a', 1],
    ['b', 1],
    ['a', 2],
    ['b', 2],
  ] as const) {
    await bus.publish(new DocumentEvent({ eventType: 'document.page.ready', documentId: doc, pageNumbers: [page] }))
  }
  await new Promise((resolve) => setImmediate(resolve))
  assert.deepEqual(log, ['b1', 'b2'], 'b does not wait for a')
  releaseA()
  await bus.drain()
  assert.deepEqual(log, ['b1', 'b2', 'a1', 'a2'])
  await bus.stop()
}
