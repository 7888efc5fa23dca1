import type { Event } from '../events/Event'

// Types of the history: `bus.history$(typeOrPattern, options)` and `subscribe(..., { from })`.

/**
 * Options of `bus.history$(typeOrPattern, options)`.
 *
 * @category history
 * @since 0.2.0
 */
export interface HistoryQuery<E extends Event<object> = Event> {
  /** Only events with `timestamp >= since` (epoch ms). */
  readonly since?: number
  /** Only events with `timestamp <= until` (epoch ms). */
  readonly until?: number
  /** At most this many events: the first `limit` that match, oldest first (page on with `since`). */
  readonly limit?: number
  /** Only events it accepts (the original's `get_events(predicate)`). */
  readonly filter?: (event: E) => boolean
}

/**
 * Where a subscription starts: `'new'` (default) only events routed after `subscribe`; `'all'`
 * every matching event in the history first; `{ since }` those with `timestamp >= since`
 * (epoch ms); `{ last: n }` the last `n` matching ones. Past events come first, in order, then
 * live ones, with no gap and no duplicate at the seam.
 *
 * @category history
 * @since 0.2.0
 */
export type SubscribeFrom =
  | 'new'
  | 'all'
  | {
      /** Past events with `timestamp >= since` (epoch ms), then live ones. */
      readonly since: number
    }
  | {
      /** The last `last` matching past events, then live ones. */
      readonly last: number
    }

/**
 * Options of the embedded history: `new EventBus({ history: { maxEvents } })`.
 *
 * @category history
 * @since 0.2.0
 */
export interface HistoryOptions {
  /** How many of the last accepted events are kept in memory (a ring: no growth past it). */
  readonly maxEvents: number
}
