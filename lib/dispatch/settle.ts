import { Subscription, type Observer } from 'rxjs'
import type { Ledger } from '../bus/Ledger'
import type { HandlerOutcome, PublishResult } from '../bus/types'
import type { MetricsScan } from '../metrics/MetricsScan'
import type { Tracked } from '../pipeline/Tracked'

/** @internal What `settle` needs from its bus. */
export interface SettleHost {
  readonly ledger: Ledger
  readonly metrics: MetricsScan
  now(): number
}

/**
 * @internal The end of every subscription's chain: counts one finished delivery of a record, and
 * when the record's last delivery is in, folds it into the metrics (the per-event step of the
 * metrics scan), resolves who waits for its handling, and lets `drain()` know. Keeps counting
 * after its subscription is closed: cancelled and still-running deliveries end here too.
 */
export class SettleSubscriber extends Subscription implements Observer<Tracked> {
  constructor(private readonly host: SettleHost) {
    super()
  }

  next(rec: Tracked): void {
    if (rec.done) {
      this.host.ledger.checkIdle()
      return
    }
    if (--rec.remaining > 0) return
    rec.done = true
    if (rec.inbound !== null && this.settleInbound(rec)) return
    const host = this.host
    const stats = rec.stats
    if (stats !== null) {
      host.metrics.handled(stats, rec.failed, rec.event.timestamp)
      if (rec.acceptedAt !== null) host.metrics.processed(stats, host.now() - rec.acceptedAt)
    }
    if (rec.resolve !== null) rec.resolve(handled(rec))
    host.ledger.checkIdle()
  }

  /** With a transport: acks or naks the inbound message; true when the broker will redeliver it. */
  protected settleInbound(_rec: Tracked): boolean {
    return false
  }

  error(): void {
    // a dispatch never errors: handler failures are outcomes
  }

  complete(): void {
    // the source ended (the bus stopped its transport): nothing left to settle
  }
}

function handled(rec: Tracked): PublishResult {
  const outcomes = rec.outcomes ?? []
  return { event: rec.event, status: 'handled', outcomes, ok: allFulfilled(outcomes) }
}

function allFulfilled(outcomes: readonly HandlerOutcome[]): boolean {
  for (const o of outcomes) if (o.status !== 'fulfilled') return false
  return true
}
