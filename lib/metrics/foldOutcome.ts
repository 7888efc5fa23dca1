import type { DeadLetterReason } from '../bus/publishTypes'
import type { HandlerStats } from './HandlerStats'
import type { MetricsAccumulator } from './MetricsAccumulator'
import type { TypeStats } from './TypeStats'

/**
 * @internal An outcome the metrics count, other than "an event was handled" (which
 * {@link foldHandled} folds without an object per event).
 */
export type MetricsOutcome =
  | { readonly kind: 'filtered' | 'dropped' | 'failed' }
  | { readonly kind: 'dead-lettered'; readonly reason?: DeadLetterReason }
  | { readonly kind: 'unrouted'; readonly stats: TypeStats; readonly at: number; readonly ms: number | null }
  | { readonly kind: 'retried' | 'timed-out' | 'handler-failed'; readonly handler: HandlerStats }

/** @internal The outcomes that carry nothing but their kind, allocated once. */
export const OUTCOME = Object.freeze({
  filtered: Object.freeze({ kind: 'filtered' }),
  dropped: Object.freeze({ kind: 'dropped' }),
  deadLettered: Object.freeze({ kind: 'dead-lettered' }),
  failed: Object.freeze({ kind: 'failed' }),
} as const)

const REASONS: readonly DeadLetterReason[] = ['handler-error', 'timeout', 'retries-exhausted', 'overflow', 'middleware-error', 'invalid', 'shutdown']

/** @internal The outcome of a dead letter with its reason, one frozen object a reason. */
export const DEAD_LETTERED: Readonly<Record<DeadLetterReason, MetricsOutcome>> = Object.freeze(
  Object.fromEntries(REASONS.map((reason) => [reason, Object.freeze({ kind: 'dead-lettered', reason })])) as Record<DeadLetterReason, MetricsOutcome>,
)

/**
 * @internal The reducer of the metrics scan, and with {@link foldHandled}, {@link foldProcessingTime}
 * and {@link foldCallTime} the only writer of the metrics: folds one outcome into the accumulator,
 * in place, and returns it (`scan(foldOutcome, accumulator)`).
 */
export function foldOutcome(acc: MetricsAccumulator, o: MetricsOutcome): MetricsAccumulator {
  switch (o.kind) {
    case 'filtered':
      acc.filteredEvents++
      break
    case 'dropped':
      acc.droppedEvents++
      break
    case 'dead-lettered':
      acc.deadLetters++
      if (o.reason !== undefined) acc.deadLettersByReason.set(o.reason, (acc.deadLettersByReason.get(o.reason) ?? 0) + 1)
      break
    case 'failed':
      acc.totalErrors++
      break
    case 'unrouted':
      acc.unroutedEvents++
      foldHandled(o.stats, false, o.at)
      if (o.ms !== null) foldProcessingTime(acc, o.stats, o.ms)
      break
    case 'retried':
      o.handler.retryCount++
      break
    case 'timed-out':
      o.handler.timeoutCount++
      break
    case 'handler-failed':
      o.handler.errorCount++
      break
  }
  return acc
}

/**
 * @internal The per-event step of the scan, called directly by `settle` (a Subject hop and an
 * object per event would cost more than routing it): an event of `stats`'s type is done. Kept
 * small: the timing of a sampled event is {@link foldProcessingTime}.
 *
 * @param at The event's timestamp (its type's `lastOccurrence`).
 */
export function foldHandled(stats: TypeStats, failed: boolean, at: number): void {
  stats.count++
  stats.lastOccurrence = at
  if (failed) stats.errorCount++
}

/** @internal A sampled event's processing time, ms (acceptance to its last delivery). */
export function foldProcessingTime(acc: MetricsAccumulator, stats: TypeStats, ms: number): void {
  acc.timedEvents++
  acc.totalProcessingTime += ms
  stats.time(ms, acc.slice())
}

/** @internal A timed handler call's duration, ms. */
export function foldCallTime(acc: MetricsAccumulator, handler: HandlerStats, ms: number): void {
  handler.time(ms, acc.slice())
}
