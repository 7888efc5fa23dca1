import { Observable } from 'rxjs'
import type { MetricsScan } from '../metrics/MetricsScan'
import type { Tracked } from '../pipeline/Tracked'
import { compilePattern, isPattern } from './pattern'
import { type RouteObserver, RouteSubject } from './RouteSubject'

interface PatternEntry {
  readonly matches: (eventType: string) => boolean
  readonly observer: RouteObserver
}

/**
 * @internal Routes an event type to its subscriptions in O(1): one {@link RouteSubject} per type
 * (a Map), each holding its exact subscriptions and the pattern subscriptions that match it.
 * Patterns are matched once per type: when the type's route is built, and when a pattern
 * subscription comes or goes.
 */
export class RouteTable {
  private readonly routes = new Map<string, RouteSubject>()
  private patterns: readonly PatternEntry[] = []

  constructor(private readonly metrics: MetricsScan) {}

  /**
   * The records of these types and patterns, as a cold Observable: each subscriber joins the
   * routes (in the order of its `seq`) and leaves them on unsubscribe.
   */
  route$(keys: readonly string[]): Observable<Tracked> {
    return new Observable<Tracked>((subscriber) => {
      const observer = subscriber as unknown as RouteObserver
      this.add(keys, observer)
      return new RouteLeave(this, keys, observer)
    })
  }

  /** The route of a type, built on first use (with its statistics and the patterns that match it). */
  lookup(eventType: string): RouteSubject {
    return this.routes.get(eventType) ?? this.build(eventType)
  }

  private build(eventType: string): RouteSubject {
    const route = new RouteSubject(eventType, this.metrics.typeStats(eventType))
    for (const p of this.patterns) if (p.matches(eventType)) route.add(p.observer)
    this.routes.set(eventType, route)
    return route
  }

  private add(keys: readonly string[], o: RouteObserver): void {
    const compiled = keys.map((key) => (isPattern(key) ? compilePattern(key) : null)) // throws before joining any route
    for (const [i, key] of keys.entries()) {
      const matches = compiled[i]
      if (matches != null) {
        this.patterns = [...this.patterns, { matches, observer: o }]
        for (const route of this.routes.values()) if (matches(route.eventType)) route.add(o)
      } else {
        this.lookup(key).add(o)
      }
    }
  }

  /** Takes an observer off the routes of `keys`. */
  remove(keys: readonly string[], o: RouteObserver): void {
    for (const key of keys) this.routes.get(key)?.remove(o)
    if (this.patterns.some((p) => p.observer === o)) {
      this.patterns = this.patterns.filter((p) => p.observer !== o)
      for (const route of this.routes.values()) route.remove(o)
    }
  }
}

/** The teardown of a `route$` subscription: a small object, not a closure with its contexts (heap per subscription). */
class RouteLeave {
  constructor(
    private readonly table: RouteTable,
    private readonly keys: readonly string[],
    private readonly observer: RouteObserver,
  ) {}

  unsubscribe(): void {
    this.table.remove(this.keys, this.observer)
  }
}
