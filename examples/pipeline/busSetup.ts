import * as t from 'io-ts'
import {
  DocumentEvent,
  DocumentEventTypes as D,
  EventBus,
  ProcessingEvent,
  ProcessingEventTypes as P,
  FilterMiddleware,
  LoggingMiddleware,
  MetricsMiddleware,
  ValidationMiddleware,
  type Transport,
} from '../../lib'
import { natsTransport } from '../../lib/transports/nats'
import { CountingLogger } from './CountingLogger'
import { correlationIdOf } from './DocumentTracker'
import type { PipelineEvents, StartedPayload } from './PipelineEvents'
import type { RunPlan } from './planDocuments'
import type { DemoTransportConfig } from './workerProtocol'

/** The bus's settings for the demo: a bounded queue, so the feeder feels backpressure. */
export const BUS_SETTINGS = {
  maxQueueSize: 500,
  overflow: 'wait',
  metricsIntervalMs: 100,
  errorEvents: true,
} as const

/** A demo bus with the seed's four middleware, and the quiet sinks its logs go to. */
export interface PipelineBus {
  readonly bus: EventBus<PipelineEvents>
  /** The seed's `MetricsMiddleware`: events by type and `ErrorEvent`s by `errorType`, as they pass. */
  readonly counter: MetricsMiddleware
  /** The bus's own log lines (a failed handler is one `error` line). */
  readonly busLog: CountingLogger
  /** `LoggingMiddleware`'s lines (one per event that passes it). */
  readonly middlewareLog: CountingLogger
}

/**
 * Builds the demo's bus: {@link BUS_SETTINGS}, a transport if given, and the seed's four
 * middleware ordered by priority (lower first). The middleware run where an event is
 * published: in process for every event; with a transport, in the process that publishes it.
 */
export function createPipelineBus(transport?: Transport): PipelineBus {
  const busLog = new CountingLogger()
  const middlewareLog = new CountingLogger()
  const bus = new EventBus<PipelineEvents>(transport === undefined ? { ...BUS_SETTINGS, logger: busLog } : { ...BUS_SETTINGS, logger: busLog, transport })
  const counter = new MetricsMiddleware()
  bus
    .addMiddleware(new ValidationMiddleware({ priority: -10, schemas: { [D.PROCESSING_STARTED]: t.type({ fileName: t.string, pages: t.number }) } }))
    .addMiddleware(new FilterMiddleware({ priority: -5, predicate: firstSubmissionOnly() }))
    .addMiddleware(counter)
    .addMiddleware(new LoggingMiddleware({ priority: 10, logLevel: 'debug', logger: middlewareLog }))
  return { bus, counter, busLog, middlewareLog }
}

/**
 * The demo's NATS transport for one process. `connection` goes to the client as it is:
 * `name` shows the process in the server's connection list (`/connz`); `noAsyncTraces` stops
 * the client from creating an Error (a stack trace) for every request in case it times out,
 * which every acknowledged publish is: measurable CPU in a busy worker.
 */
export function demoTransport(config: DemoTransportConfig, processName: string): Transport {
  return natsTransport({
    servers: config.servers,
    stream: config.stream,
    subjectPrefix: config.subjectPrefix,
    ackWaitMs: config.ackWaitMs,
    connection: { name: `document-pipeline ${processName}`, noAsyncTraces: true },
  })
}

/** The run's batch and session ids, as the batch events carry them. */
export interface BatchIds {
  readonly batchId: string
  readonly sessionId: string
}

/** `processing.batch.started` for a run of `documents` documents. */
export function batchStartedEvent(ids: BatchIds, documents: number): ProcessingEvent<Record<string, unknown>, typeof P.BATCH_STARTED> {
  return new ProcessingEvent({
    eventType: P.BATCH_STARTED,
    batchId: ids.batchId,
    sessionId: ids.sessionId,
    correlationId: ids.batchId,
    data: { documents },
  })
}

/** `processing.batch.completed` after `elapsedMs`. */
export function batchCompletedEvent(ids: BatchIds, elapsedMs: number): ProcessingEvent<Record<string, unknown>, typeof P.BATCH_COMPLETED> {
  return new ProcessingEvent({
    eventType: P.BATCH_COMPLETED,
    batchId: ids.batchId,
    sessionId: ids.sessionId,
    correlationId: ids.batchId,
    progress: 1,
    processingTime: elapsedMs,
  })
}

/** A document's first event, as the upstream submits it (a duplicate gets a new event id). */
export function startedEvent(plan: RunPlan, documentId: string): DocumentEvent<StartedPayload, typeof D.PROCESSING_STARTED> {
  const doc = plan.documents.get(documentId)
  if (doc === undefined) throw new Error(`startedEvent: document ${documentId} is not in the plan`)
  return new DocumentEvent({
    eventType: D.PROCESSING_STARTED,
    documentId,
    pageNumbers: Array.from({ length: doc.pages }, (_, i) => i + 1),
    correlationId: correlationIdOf(documentId),
    source: 'demo-feeder',
    payload: { fileName: doc.fileName, pages: doc.pages },
  })
}

/** Passes a `document.processing.started` only the first time its document is submitted. */
function firstSubmissionOnly(): (event: unknown) => boolean {
  const seen = new Set<string>()
  return (event) => {
    if (!(event instanceof DocumentEvent) || event.eventType !== D.PROCESSING_STARTED) return true
    if (seen.has(event.documentId)) return false
    seen.add(event.documentId)
    return true
  }
}
