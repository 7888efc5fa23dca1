/**
 * The page script of spec/browser/browser.spec.ts: bundled by esbuild for the browser from the
 * core's sources, run in headless Chromium. It publishes and handles events, reads metrics, and
 * leaves what it saw on `window.busResult` and in the page.
 */
import { firstValueFrom, toArray, take } from 'rxjs'
import { DocumentEvent, DocumentEventTypes, Event, EventBus, type MetricsSnapshot } from '../../lib'

/** What the page reports. */
export interface BusResult {
  readonly seen: readonly string[]
  readonly streamed: readonly string[]
  readonly metrics: MetricsSnapshot
  readonly firstMetricsOfStream: number
  readonly deadLetters: number
  readonly idLooksLikeUuid: boolean
  readonly nodeGlobals: boolean
}

declare global {
  interface Window {
    busResult?: BusResult | { readonly error: string }
  }
}

type Events = {
  'document.processing.started': DocumentEvent
  'document.processing.completed': DocumentEvent
  'ui.button.clicked': { readonly button: string }
}

async function run(): Promise<BusResult> {
  const bus = new EventBus<Events>({ logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } })
  await bus.start()
  const seen: string[] = []
  const streamed = firstValueFrom(bus.on('document.processing.completed').pipe(take(2), toArray()))
  bus.subscribe(
    'document.processing.started',
    async (event, context) => {
      seen.push(`started:${event.documentId}`)
      await context.publish(new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_COMPLETED, documentId: event.documentId }))
    },
    { name: 'starter' },
  )
  bus.subscribe(
    'document.processing.completed',
    (event) => {
      seen.push(`completed:${event.documentId}`)
    },
    { name: 'finisher' },
  )
  bus.subscribe(
    'ui.button.clicked',
    (event) => {
      if (event.payload.button === 'broken') throw new Error('no handler for this button')
      seen.push(`clicked:${event.payload.button}`)
    },
    { name: 'clicks' },
  )

  let deadLetters = 0
  bus.deadLetters$.subscribe(() => deadLetters++)
  const started = new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId: 'doc-1' })
  await bus.publish(started)
  await bus.publish(new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId: 'doc-2' }))
  await bus.publish(new Event({ eventType: 'ui.button.clicked', payload: { button: 'save' } }))
  await bus.publish(new Event({ eventType: 'ui.button.clicked', payload: { button: 'broken' } }))
  await bus.drain()
  const metrics = bus.getMetrics()
  const firstMetricsOfStream = (await firstValueFrom(bus.metrics$)).total.totalEvents
  const completed = (await streamed).map((e) => e.documentId)
  await bus.stop()
  return {
    seen,
    streamed: completed,
    metrics,
    firstMetricsOfStream,
    deadLetters,
    idLooksLikeUuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(started.id),
    nodeGlobals: typeof (globalThis as { process?: unknown }).process !== 'undefined' || typeof (globalThis as { Buffer?: unknown }).Buffer !== 'undefined',
  }
}

run().then(
  (result) => {
    window.busResult = result
    document.body.textContent = `handled ${result.metrics.total.totalEvents} events`
  },
  (error: unknown) => {
    window.busResult = { error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) }
  },
)
