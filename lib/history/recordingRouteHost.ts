import type { Ledger } from '../bus/Ledger'
import type { Event } from '../events/Event'
import type { Tracked } from '../pipeline/Tracked'
import type { RouteSubject } from '../routing/RouteSubject'
import type { RouteHost } from '../routing/routeTo'
import type { HistoryRing } from './HistoryRing'

/**
 * @internal The route host of a bus with an embedded history: records each routed event into
 * the ring (before its route delivers it: see `replaySeam`), then reports to the bus's own host.
 * Picked once when the bus is built, so a bus without history pays nothing per event.
 */
export class RecordingRouteHost implements RouteHost {
  readonly ledger: Ledger

  constructor(
    private readonly inner: RouteHost,
    private readonly ring: HistoryRing,
  ) {
    this.ledger = inner.ledger
  }

  routed(event: Event): void {
    this.ring.push(event)
    this.inner.routed(event)
  }

  unrouted(rec: Tracked, route: RouteSubject, first: boolean): void {
    this.inner.unrouted(rec, route, first)
  }
}
