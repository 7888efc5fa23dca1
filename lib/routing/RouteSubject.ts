import type { Observer } from 'rxjs'
import type { TypeStats } from '../metrics/TypeStats'
import type { Tracked } from '../pipeline/Tracked'

/** @internal What a route delivers to: a subscription's dispatch, ordered by `seq`. */
export interface RouteObserver extends Observer<Tracked> {
  /** The subscription's number: deliveries of one event go out in subscription order. */
  readonly seq: number
}

/**
 * @internal The multicast of one event type: a minimal Subject of our own, not `rxjs.Subject`
 * (under Node, rxjs loads its ES5 build, whose `Subject.next` allocates a closure and an
 * iterator per call: S1 fell to 0.69x with it). Its observers are a copy-on-write array walked
 * with an index loop, so a handler may subscribe or unsubscribe during a dispatch. One per type,
 * kept for the bus's life (with the type's statistics), so `routeTo` may cache the last one.
 */
export class RouteSubject {
  /** The subscriptions of this type; `observers` is built from them, in `seq` order, on first use after a change. */
  private readonly members = new Set<RouteObserver>()
  private observers: readonly RouteObserver[] | null = []
  /** Events of this type that found no subscription since its observers last changed (the first is logged). */
  private unroutedSince = 0

  constructor(
    /** The event type. */
    readonly eventType: string,
    /** Its statistics. */
    readonly stats: TypeStats,
  ) {}

  /** How many subscriptions receive this type. */
  get size(): number {
    return (this.observers ?? this.order()).length
  }

  /** Delivers a record to every observer, in subscription order. */
  next(rec: Tracked): void {
    const observers = this.observers ?? this.order()
    for (let i = 0; i < observers.length; i++) observers[i].next(rec)
  }

  /** Counts an unrouted event; true for the first since the observers last changed. */
  unrouted(): boolean {
    return this.unroutedSince++ === 0
  }

  /** Adds an observer (once: a subscription to a type and a matching pattern gets one delivery). */
  add(o: RouteObserver): void {
    if (this.members.has(o)) return
    this.members.add(o)
    this.changed()
  }

  /** Removes an observer. */
  remove(o: RouteObserver): void {
    if (this.members.delete(o)) this.changed()
  }

  /** A new array, never a mutation: a dispatch walking the old one is not disturbed. */
  private changed(): void {
    this.observers = null
    this.unroutedSince = 0
  }

  private order(): readonly RouteObserver[] {
    const observers = [...this.members].sort((a, b) => a.seq - b.seq)
    this.observers = observers
    return observers
  }
}
