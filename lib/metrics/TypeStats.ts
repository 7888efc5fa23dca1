import type { EventTypeMetrics } from './MetricsSnapshot'

/** @internal Running statistics of one event type (written only by `foldOutcome.ts`). */
export class TypeStats {
  count = 0
  errorCount = 0
  timed = 0
  totalTime = 0
  maxTime = 0
  lastOccurrence = 0

  view(): EventTypeMetrics {
    return {
      count: this.count,
      errorCount: this.errorCount,
      averageProcessingTime: this.timed === 0 ? 0 : this.totalTime / this.timed,
      maxProcessingTime: this.maxTime,
      lastOccurrence: this.lastOccurrence,
    }
  }
}
