import type { OperatorFunction } from 'rxjs'
import type { Event } from '../events/Event'
import { type Destination, operatorOf, OperatorSubscriber } from '../internal/operate'
import type { Ledger } from '../bus/Ledger'
import type { Tracked } from '../pipeline/Tracked'
import type { RouteSubject } from './RouteSubject'
import type { RouteTable } from './RouteTable'

/** @internal What `routeTo` reports besides the deliveries. */
export interface RouteHost {
  readonly ledger: Ledger
  /** An event reached routing (for `events$`). */
  routed(event: Event): void
  /** An event of a type with no subscription; `first` for the first since its subscriptions changed. */
  unrouted(rec: Tracked, route: RouteSubject, first: boolean): void
}

/**
 * @internal The terminal operator of the in-process pipeline, a demultiplexer: each record goes
 * to the {@link RouteSubject} of its type (a Map lookup, skipped for a run of one type), which
 * hands it to each subscription's dispatch. Emits nothing itself.
 *
 * ```text
 * source:  --a--b--a--|      a, b: records of types A and B
 * route A: --a-----a---
 * route B: -----b------
 * result:  -----------|
 * ```
 */
export function routeTo(table: RouteTable, host: RouteHost): OperatorFunction<Tracked, never> {
  return operatorOf(RouteToSubscriber, table, host)
}

class RouteToSubscriber extends OperatorSubscriber<Tracked, never> {
  private lastType: string | null = null
  private lastRoute: RouteSubject | null = null

  constructor(
    destination: Destination<never>,
    private readonly table: RouteTable,
    private readonly host: RouteHost,
  ) {
    super(destination)
  }

  next(rec: Tracked): void {
    const type = rec.event.eventType
    let route = this.lastRoute
    if (route === null || type !== this.lastType) {
      route = this.table.lookup(type)
      this.lastType = type
      this.lastRoute = route
    }
    rec.stats = route.stats
    const host = this.host
    host.routed(rec.event)
    const n = route.size
    if (n === 0) {
      host.unrouted(rec, route, route.unrouted())
      return
    }
    rec.remaining = n
    const ledger = host.ledger
    ledger.enterDispatch()
    try {
      route.next(rec)
    } finally {
      ledger.leaveDispatch()
    }
  }
}
