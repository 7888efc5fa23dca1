// The README's quick start, line for line: only the import path differs (here the sources).
// Run it with `npx tsx examples/quick-start.ts`.
import { DocumentEvent, DocumentEventTypes, ErrorEvent, EventBus } from '../lib'

type Events = {
  'document.processing.started': DocumentEvent
  'document.processing.completed': DocumentEvent
  'document.error.occurred': ErrorEvent
}

async function main(): Promise<void> {
  const bus = new EventBus<Events>()
  await bus.start()
  bus.subscribe('document.processing.started', async (event, context) => {
    const followUp =
      event.pageNumbers.length > 0
        ? new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_COMPLETED, documentId: event.documentId })
        : new ErrorEvent({ eventType: DocumentEventTypes.ERROR_OCCURRED, documentId: event.documentId, errorType: 'EmptyDocument', errorMessage: 'no pages' })
    await context.publish(followUp) // inherits correlationId, records causationId
  })
  bus.subscribe(['document.processing.completed', 'document.error.occurred'], (event) => {
    console.log(event.eventType, event.documentId, event.correlationId)
  })

  const started = DocumentEventTypes.PROCESSING_STARTED
  await bus.publish(new DocumentEvent({ eventType: started, documentId: 'doc-1', pageNumbers: [1, 2], correlationId: 'batch-7' }))
  await bus.publish(new DocumentEvent({ eventType: started, documentId: 'doc-2', correlationId: 'batch-7' }))
  await bus.drain() // resolves when nothing is queued or running
  console.log(bus.getMetrics().total.totalEvents) // 4
  await bus.stop()
}
main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
