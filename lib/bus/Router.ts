import type { MetricsRecorder, TypeStats } from '../metrics/MetricsRecorder'
import type { Dispatcher } from './Dispatcher'
import { compilePattern } from './pattern'

/** @internal The subscriptions of one event type, and its statistics. */
export interface Route {
  readonly subs: readonly Dispatcher[]
  readonly stats: TypeStats
  /** Events of this type that found no subscription since the route was built (the first is logged). */
  unrouted: number
}

interface PatternEntry {
  readonly pattern: string
  readonly matches: (eventType: string) => boolean
  readonly dispatcher: Dispatcher
}

/**
 * @internal Routes an event type to its subscriptions in O(1): a Map from exact type to its
 * subscriptions, plus the patterns that exist, resolved once per type and cached until the
 * subscriptions change. Route arrays are never mutated, so a dispatch may iterate one while
 * handlers subscribe or unsubscribe.
 */
export class Router {
  private readonly exact = new Map<string, Set<Dispatcher>>()
  private patterns: PatternEntry[] = []
  private readonly cache = new Map<string, Route>()
  /** The type of the last lookup (checked by `EventBus.route` before it calls `lookup`). */
  lastType: string | null = null
  /** The route of the last lookup. */
  lastRoute: Route | null = null

  constructor(private readonly metrics: MetricsRecorder) {}

  /**
   * The route of a type, from the cache (built on first use). Remembered as the last route:
   * `EventBus.route` checks `lastType` itself, so a run of one type skips the Map.
   */
  lookup(eventType: string): Route {
    let route = this.cache.get(eventType)
    if (route === undefined) {
      route = this.build(eventType)
      this.cache.set(eventType, route)
    }
    this.lastType = eventType
    this.lastRoute = route
    return route
  }

  addExact(eventType: string, d: Dispatcher): void {
    let set = this.exact.get(eventType)
    if (set === undefined) this.exact.set(eventType, (set = new Set()))
    set.add(d)
    this.invalidate(eventType)
  }

  addPattern(pattern: string, d: Dispatcher): void {
    this.patterns = [...this.patterns, { pattern, matches: compilePattern(pattern), dispatcher: d }]
    this.invalidate(null)
  }

  remove(d: Dispatcher): void {
    for (const key of d.keys) {
      const set = this.exact.get(key)
      if (set !== undefined && set.delete(d)) {
        if (set.size === 0) this.exact.delete(key)
        this.invalidate(key)
      }
    }
    if (this.patterns.some((p) => p.dispatcher === d)) {
      this.patterns = this.patterns.filter((p) => p.dispatcher !== d)
      this.invalidate(null)
    }
  }

  /** Every live dispatcher, once. */
  dispatchers(): Set<Dispatcher> {
    const all = new Set<Dispatcher>()
    for (const set of this.exact.values()) for (const d of set) all.add(d)
    for (const p of this.patterns) all.add(p.dispatcher)
    return all
  }

  private invalidate(eventType: string | null): void {
    if (eventType === null) this.cache.clear()
    else this.cache.delete(eventType)
    this.lastType = null
    this.lastRoute = null
  }

  private build(eventType: string): Route {
    const set = this.exact.get(eventType)
    let subs: Dispatcher[] = set === undefined ? [] : [...set]
    if (this.patterns.length > 0) {
      const matched = this.patterns.filter((p) => p.matches(eventType)).map((p) => p.dispatcher)
      if (matched.length > 0) {
        // One delivery per subscription, in subscription order.
        subs = [...new Set([...subs, ...matched])].sort((a, b) => a.seq - b.seq)
      }
    }
    return { subs, stats: this.metrics.typeStats(eventType), unrouted: 0 }
  }
}
