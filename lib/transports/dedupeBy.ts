import type { OperatorFunction } from 'rxjs'
import { type Destination, operatorOf, OperatorSubscriber } from '../internal/operate'
import type { Tracked } from '../pipeline/Tracked'
import type { DedupeState } from './Inbound'

/**
 * @internal Drops the broker's redeliveries of one subscription's inbound records: an event it
 * already finished is acked at once; a second delivery of an event it is still handling waits to
 * be settled with the first. Every other record passes.
 *
 * ```text
 * source:  --a--a'--b--a''--|    a' while a runs (a twin); a'' after a finished
 * result:  --a------b-------|    a' is settled with a; a'' is acked
 * ```
 */
export function dedupeBy(state: DedupeState): OperatorFunction<Tracked, Tracked> {
  return operatorOf(DedupeSubscriber, state)
}

class DedupeSubscriber extends OperatorSubscriber<Tracked, Tracked> {
  constructor(
    destination: Destination<Tracked>,
    private readonly state: DedupeState,
  ) {
    super(destination)
  }

  next(rec: Tracked): void {
    const id = rec.event.id
    const delivery = rec.inbound?.delivery
    if (delivery == null) {
      this.destination.next(rec)
      return
    }
    if (this.state.seen.has(id)) {
      delivery.ack()
      return
    } // a redelivery of an event this subscription finished
    const twins = this.state.inflight.get(id)
    if (twins !== undefined) return void twins.push(delivery) // settled with the first delivery
    this.state.inflight.set(id, [])
    this.destination.next(rec)
  }
}
