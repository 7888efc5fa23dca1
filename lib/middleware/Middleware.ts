import type { MonoTypeOperatorFunction } from 'rxjs'
import type { Event } from '../events/Event'

/**
 * A middleware is an RxJS operator over events: it may transform, delay-free enrich, or drop
 * (not emit) each event. The bus composes middleware in order of priority, then insertion.
 *
 * Plain operators run synchronously inside the bus: an event that does not come out during
 * the call that put it in counts as filtered. For asynchronous work, extend `BaseMiddleware`
 * (its `process` may return a Promise, and the bus tracks it exactly).
 *
 * @example
 * bus.addMiddleware(filter((e) => e.eventType !== 'debug.noise'))
 *
 * @category middleware
 * @since 0.1.0
 */
export type Middleware = MonoTypeOperatorFunction<Event>
