import assert from 'node:assert/strict'
import { firstValueFrom, toArray } from 'rxjs'
import { DocumentEvent, EventBus, parseEvent, silentLogger, type SchemaVersions } from '@torematrix/event-bus'

export async function main(): Promise<void> {
  // The bus keeps its last 10,000 accepted events in memory (a bounded ring).
  const bus = new EventBus<{ 'document.ocr.completed': DocumentEvent }>({ logger: silentLogger, history: { maxEvents: 10_000 } })
  await bus.start()
  const ocr = (documentId: string): DocumentEvent<Record<string, unknown>, 'document.ocr.completed'> =>
    new DocumentEvent({ eventType: 'document.ocr.completed', documentId })
  await bus.publish(ocr('d1'))
  await bus.publish(ocr('d2'))

  // The indexer starts late: it gets d1 and d2 first, in order, then every new event; no gap, no duplicate.
  const indexed: string[] = []
  bus.subscribe(
    'document.ocr.completed',
    async (e) => {
      await Promise.resolve() // an asynchronous handler: d3 is published while the catch-up runs
      indexed.push(e.documentId)
    },
    { from: 'all', name: 'indexer' },
  )
  await bus.publish(ocr('d3'))
  await bus.drain()
  assert.deepEqual(indexed, ['d1', 'd2', 'd3'])

  // What happened to one document: the original's get_events(predicate).
  const d2 = await firstValueFrom(bus.history$('document.>', { filter: (e) => e.documentId === 'd2' }).pipe(toArray()))
  assert.equal(d2.length, 1)
  await bus.stop()

  // An event written by an older version is upcast when decoded; a newer one is refused, naming both versions.
  const schemaVersions: SchemaVersions = {
    'user.account.created': {
      version: 2,
      upcasters: { 1: (json) => ({ ...json, payload: { ...(json['payload'] as object), plan: 'free' } }) },
    },
  }
  const v1 = parseEvent('{"eventType":"user.account.created","payload":{"userId":"u1"}}', { schemaVersions })
  assert.deepEqual(v1.payload, { userId: 'u1', plan: 'free' })
  assert.throws(() => parseEvent({ eventType: 'user.account.created', schemaVersion: 3 }, { schemaVersions }), /the event has version 3/)
}
