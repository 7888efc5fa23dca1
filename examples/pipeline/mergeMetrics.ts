import type { DeadLetterReason, EventTypeMetrics, HandlerMetrics, MetricsSnapshot, MiddlewareMetrics } from '../../lib'

/** One process's metrics, with its label in the report (`main`, `w1`, `w2`, ...). */
export interface ProcessMetrics {
  readonly label: string
  readonly snapshot: MetricsSnapshot
}

/**
 * One snapshot for the screen from several processes' snapshots. Counts, rates, queue, in
 * flight and memory are summed; per-type averages are weighted by count (each bus samples its
 * own times, so they stay estimates); handlers are not merged but kept per process
 * (`runOcr @w1`, `runOcr @w2`: percentiles cannot be added, and the rows show how the
 * consumer groups split the work), ordered by `handlerOrder`, then by process.
 */
export function mergeMetrics(parts: readonly ProcessMetrics[], handlerOrder: readonly string[]): MetricsSnapshot {
  const sum = (f: (s: MetricsSnapshot) => number): number => parts.reduce((n, p) => n + f(p.snapshot), 0)
  const weighted = (pairs: readonly (readonly [value: number, weight: number])[]): number => {
    const w = pairs.reduce((n, [, weight]) => n + weight, 0)
    return w === 0 ? 0 : pairs.reduce((n, [value, weight]) => n + value * weight, 0) / w
  }

  // Each type's metrics from the processes that saw it, in the order of the parts.
  const byType = new Map<string, EventTypeMetrics[]>()
  for (const p of parts) {
    for (const [type, e] of Object.entries(p.snapshot.events)) {
      const all = byType.get(type)
      if (all === undefined) byType.set(type, [e])
      else all.push(e)
    }
  }
  const events: Record<string, EventTypeMetrics> = {}
  for (const [type, all] of byType) {
    events[type] = {
      count: all.reduce((n, e) => n + e.count, 0),
      errorCount: all.reduce((n, e) => n + e.errorCount, 0),
      averageProcessingTime: weighted(all.map((e) => [e.averageProcessingTime, e.count])),
      maxProcessingTime: Math.max(...all.map((e) => e.maxProcessingTime)),
      timedCount: all.reduce((n, e) => n + e.timedCount, 0),
      totalProcessingTime: all.reduce((n, e) => n + e.totalProcessingTime, 0),
      // percentiles cannot be merged: the highest of the processes' (an upper bound)
      p50: Math.max(...all.map((e) => e.p50)),
      p95: Math.max(...all.map((e) => e.p95)),
      p99: Math.max(...all.map((e) => e.p99)),
      lastOccurrence: Math.max(...all.map((e) => e.lastOccurrence)),
    }
  }

  const rank = (name: string): number => {
    const i = handlerOrder.indexOf(name)
    return i < 0 ? handlerOrder.length : i
  }
  const rows: { name: string; part: number; metrics: HandlerMetrics }[] = []
  parts.forEach((p, part) => {
    for (const [name, metrics] of Object.entries(p.snapshot.handlers)) rows.push({ name, part, metrics })
  })
  rows.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name) || a.part - b.part)
  const handlers: Record<string, HandlerMetrics> = {}
  for (const r of rows) handlers[`${r.name} @${parts[r.part].label}`] = r.metrics

  const totalEvents = sum((s) => s.total.totalEvents)
  const memories = parts.map((p) => p.snapshot.memory).filter((m) => m !== null)
  const rss = memories.map((m) => m.rssMb).filter((mb) => mb !== null)
  return {
    events,
    handlers,
    total: {
      totalEvents,
      totalErrors: sum((s) => s.total.totalErrors),
      errorRate: totalEvents === 0 ? 0 : sum((s) => s.total.errorRate * s.total.totalEvents) / totalEvents,
      averageProcessingTime: weighted(parts.map((p) => [p.snapshot.total.averageProcessingTime, p.snapshot.total.totalEvents])),
      eventsPerSecond: sum((s) => s.total.eventsPerSecond),
      filteredEvents: sum((s) => s.total.filteredEvents),
      droppedEvents: sum((s) => s.total.droppedEvents),
      unroutedEvents: sum((s) => s.total.unroutedEvents),
      deadLetters: sum((s) => s.total.deadLetters),
      deadLettersByReason: mergeDeadLetters(parts.map((p) => p.snapshot.total.deadLettersByReason)),
    },
    queueSize: sum((s) => s.queueSize),
    inFlight: sum((s) => s.inFlight),
    // null when a process cannot tell its memory (its resident set size likewise)
    memory:
      memories.length < parts.length
        ? null
        : {
            heapUsedMb: memories.reduce((n, m) => n + m.heapUsedMb, 0),
            rssMb: rss.length < memories.length ? null : rss.reduce((n, mb) => n + mb, 0),
          },
    uptimeMs: Math.max(...parts.map((p) => p.snapshot.uptimeMs)),
    takenAt: parts[0]?.snapshot.takenAt ?? 0,
  }
}

/** The seed's `MetricsMiddleware` counts of several processes, added up. */
export function mergeMiddlewareMetrics(all: readonly MiddlewareMetrics[]): MiddlewareMetrics {
  const add = (records: readonly Readonly<Record<string, number>>[]): Record<string, number> => {
    const out: Record<string, number> = {}
    for (const r of records) for (const [k, n] of Object.entries(r)) out[k] = (out[k] ?? 0) + n
    return out
  }
  return {
    eventCounts: add(all.map((m) => m.eventCounts)),
    errorCounts: add(all.map((m) => m.errorCounts)),
    totalEvents: all.reduce((n, m) => n + m.totalEvents, 0),
    totalErrors: all.reduce((n, m) => n + m.totalErrors, 0),
  }
}

/** Dead letters by reason of several processes, added up. */
export function mergeDeadLetters(all: readonly Readonly<Partial<Record<DeadLetterReason, number>>>[]): Partial<Record<DeadLetterReason, number>> {
  const out: Partial<Record<DeadLetterReason, number>> = {}
  for (const r of all) for (const [k, n] of Object.entries(r) as [DeadLetterReason, number][]) out[k] = (out[k] ?? 0) + n
  return out
}
