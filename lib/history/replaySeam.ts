import { Observable } from 'rxjs'
import type { Ledger } from '../bus/Ledger'
import type { Event } from '../events/Event'
import { type Destination, OperatorSubscriber } from '../internal/operate'
import type { MetricsScan } from '../metrics/MetricsScan'
import { Tracked } from '../pipeline/Tracked'

/** @internal What the seam needs from its bus. */
export interface SeamHost {
  readonly ledger: Ledger
  readonly metrics: MetricsScan
}

/**
 * @internal A subscription's source that starts in the past: it joins `live$` first, holding
 * what arrives, then emits a record for each of `past()` (read after joining), then what it
 * held, then passes live records through. The history is written where an event is routed,
 * before its route delivers it, and both steps are synchronous, so an event is either in
 * `past()` or delivered by `live$`, never both and never neither: no gap, no duplicate. A
 * replayed record is an ordinary one (its own `Tracked`, owing one delivery): it waits in the
 * dispatch's queue, is retried, dead-lettered, timed and counted like a live one.
 *
 * ```text
 * history: a b c            live$:  ----d--e--
 * result:  (abc)-d--e--      (a handler publishing during the replay: held, then after c)
 * ```
 */
export function replaySeam(live$: Observable<Tracked>, past: () => readonly Event[], host: SeamHost): Observable<Tracked> {
  return new Observable<Tracked>((subscriber) => {
    const seam = new SeamSubscriber(subscriber as unknown as Destination<Tracked> & { readonly seq: number })
    live$.subscribe(seam)
    const { ledger, metrics } = host
    ledger.enterDispatch() // the bus is not idle while the replay is handed over
    try {
      for (const event of past()) {
        if (subscriber.closed) break
        const rec = new Tracked(event, null)
        rec.stats = metrics.typeStats(event.eventType)
        rec.remaining = 1
        subscriber.next(rec)
      }
      seam.release()
    } catch (error) {
      seam.unsubscribe() // leave the routes: the source errors
      throw error
    } finally {
      ledger.leaveDispatch()
    }
    return seam
  })
}

/** Holds the live records until the replay is handed over; the route sees the dispatch's `seq`. */
class SeamSubscriber extends OperatorSubscriber<Tracked, Tracked> {
  private held: Tracked[] | null = []

  constructor(private readonly out: Destination<Tracked> & { readonly seq: number }) {
    super(out, false)
  }

  /** The subscription's number, as the route orders its observers. */
  get seq(): number {
    return this.out.seq
  }

  next(rec: Tracked): void {
    if (this.held !== null) this.held.push(rec)
    else this.out.next(rec)
  }

  /** The replay is handed over: what arrived meanwhile goes on, then every live record. */
  release(): void {
    const held = this.held ?? []
    this.held = null
    for (const rec of held) this.out.next(rec)
  }
}
