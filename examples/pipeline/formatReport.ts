import { DocumentEventTypes, ProcessingEventTypes, type DeadLetterReason, type MetricsSnapshot, type MiddlewareMetrics } from '../../lib'
import { count, ms, percent, seconds, table } from './format'

/** Everything the closing report shows. */
export interface ReportInput {
  readonly documents: number
  readonly completed: number
  readonly failed: number
  readonly lost: number
  readonly endedTwice: number
  readonly brokenStories: number
  readonly duplicates: number
  readonly elapsedMs: number
  readonly metrics: MetricsSnapshot
  readonly middlewareMetrics: MiddlewareMetrics
  readonly deadLetters: Readonly<Partial<Record<DeadLetterReason, number>>>
  readonly undelivered: number
  readonly progressUpdates: number
  readonly tables: number
  readonly busLogErrors: number
  readonly middlewareLogLines: number
  /** Set when the run spread over several processes (the metrics are then a merge, see mergeMetrics). */
  readonly distributed?: {
    /** Processes whose metrics are merged (the coordinator and the workers). */
    readonly processes: number
    /** More rows for the totals (the transport, the stream, how the work split). */
    readonly rows: readonly (readonly [string, string])[]
  }
}

/** Event types in pipeline order; any other type follows, by name. */
const TYPE_ORDER: readonly string[] = [
  ProcessingEventTypes.BATCH_STARTED,
  DocumentEventTypes.PROCESSING_STARTED,
  DocumentEventTypes.OCR_STARTED,
  DocumentEventTypes.OCR_COMPLETED,
  DocumentEventTypes.LAYOUT_ANALYZED,
  DocumentEventTypes.TABLE_EXTRACTED,
  DocumentEventTypes.TEXT_EXTRACTED,
  DocumentEventTypes.VALIDATION_REQUIRED,
  DocumentEventTypes.VALIDATION_COMPLETED,
  DocumentEventTypes.PROCESSING_COMPLETED,
  DocumentEventTypes.ERROR_OCCURRED,
  ProcessingEventTypes.SESSION_PROGRESS_UPDATED,
  ProcessingEventTypes.BATCH_COMPLETED,
]

function byPipelineOrder(a: string, b: string): number {
  const ia = TYPE_ORDER.indexOf(a)
  const ib = TYPE_ORDER.indexOf(b)
  if (ia >= 0 && ib >= 0) return ia - ib
  if (ia >= 0 || ib >= 0) return ia >= 0 ? -1 : 1
  return a.localeCompare(b)
}

/** The closing report: documents, events by type, handlers, totals, and what the middleware saw. */
export function formatReport(r: ReportInput): string {
  const m = r.metrics
  const t = m.total
  const out: string[] = []

  out.push(
    `Documents: ${count(r.documents)} in ${seconds(r.elapsedMs)} (${count((r.documents * 1000) / r.elapsedMs)} documents/s): ` +
      `${count(r.completed)} completed, ${count(r.failed)} failed (${percent(r.failed / r.documents)}), ${count(r.lost)} lost`,
  )
  out.push(
    `  every story intact: ${r.brokenStories === 0 && r.endedTwice === 0 ? 'yes' : 'NO'} ` +
      `(terminal events with the start's correlationId and a causationId; ${count(r.endedTwice)} documents ended twice)`,
  )

  const d = r.distributed
  const types = Object.keys(m.events).sort(byPipelineOrder)
  const typeRows = types.map((type) => {
    const e = m.events[type]
    return [type, count(e.count), count(e.errorCount), ms(e.averageProcessingTime), ms(e.maxProcessingTime)]
  })
  out.push(
    '',
    d === undefined
      ? 'Events by type (processing time: accepted → last handler done)'
      : `Deliveries by type, summed over ${d.processes} processes (an event two consumer groups take counts twice;\n` +
          'processing time: arrival in the process → its handler done)',
  )
  out.push(
    table(['event type', 'count', 'failed', 'avg ms', 'max ms'], typeRows, [
      'all types',
      count(t.totalEvents),
      count(types.reduce((n, type) => n + m.events[type].errorCount, 0)),
      ms(t.averageProcessingTime),
      ms(types.reduce((x, type) => Math.max(x, m.events[type].maxProcessingTime), 0)),
    ]),
  )

  const handlerRows = Object.entries(m.handlers).map(([name, h]) => [
    name,
    count(h.successCount),
    count(h.errorCount),
    count(h.retryCount),
    count(h.timeoutCount),
    ms(h.averageExecutionTime),
    ms(h.p50),
    ms(h.p95),
    ms(h.p99),
    ms(h.maxExecutionTime),
  ])
  out.push(
    '',
    d === undefined ? 'Handlers (execution time of one call)' : 'Handlers by process (execution time of one call; @w1 = worker 1, @main = the coordinator)',
  )
  out.push(table(['handler', 'success', 'errors', 'retries', 'timeouts', 'avg ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], handlerRows))

  const letters = Object.entries(r.deadLetters)
    .map(([reason, n]) => `${reason} ${count(n)}`)
    .join(', ')
  const errorTypes = Object.entries(r.middlewareMetrics.errorCounts)
    .sort(([, a], [, b]) => b - a)
    .map(([type, n]) => `${type} ${count(n)}`)
    .join(', ')
  out.push('', 'Totals')
  out.push(
    table(
      ['', ''],
      [
        [d === undefined ? 'events handled' : 'deliveries handled', `${count(t.totalEvents)} (${count(t.unroutedEvents)} unrouted)`],
        ['handler and middleware errors', `${count(t.totalErrors)} (error rate ${percent(t.errorRate)} of events)`],
        ['average processing time', `${ms(t.averageProcessingTime)} ms`],
        ['filtered by middleware', `${count(t.filteredEvents)} (${count(r.duplicates)} duplicate submissions)`],
        ['dropped on overflow', count(t.droppedEvents)],
        ['dead letters', `${count(t.deadLetters)}${letters === '' ? '' : ` (${letters})`}`],
        ['undelivered at stop', count(r.undelivered)],
        ['errors by type (MetricsMiddleware)', errorTypes === '' ? 'none' : errorTypes],
        ['tables indexed', count(r.tables)],
        ['session progress events (DEFERRED)', count(r.progressUpdates)],
        ['log lines (quiet sinks)', `LoggingMiddleware ${count(r.middlewareLogLines)}, bus errors ${count(r.busLogErrors)}`],
        [
          'memory',
          (m.memory === null ? 'n/a' : `heap ${Math.round(m.memory.heapUsedMb)} MB, rss ${m.memory.rssMb === null ? 'n/a' : Math.round(m.memory.rssMb)} MB`) +
            (d === undefined ? '' : ` (summed over ${d.processes} processes)`),
        ],
        ...(d?.rows ?? []),
      ],
      undefined,
      ['left', 'left'],
    )
      .split('\n')
      .slice(2) // no header or rule: a two-column list
      .join('\n'),
  )
  out.push(
    '',
    'Counts are exact. Processing and handler times are sampled: a quiet bus times every event, a busy one',
    `about a thousand events a second (${d === undefined ? 'this bus' : 'each bus'}), so their averages and maxima are estimates.`,
  )
  return out.join('\n')
}
