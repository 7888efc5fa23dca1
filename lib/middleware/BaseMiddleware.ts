import { concatMap, defer, EMPTY, from, of, type MonoTypeOperatorFunction } from 'rxjs'
import type { Event } from '../events/Event'

/**
 * Options common to every `BaseMiddleware`.
 *
 * @category middleware
 * @since 0.1.0
 */
export interface MiddlewareOptions {
  /** Order in the pipeline: lower runs first; ties keep insertion order. Default 0. */
  readonly priority?: number
}

/**
 * The seed's middleware API: implement `process(event)` and return the event (or a
 * replacement) to pass it on, or `null` to drop it; a Promise of either works too.
 *
 * Added to a bus with `bus.addMiddleware(mw)`, the bus calls `process` directly and tracks
 * asynchronous results exactly; a throw or rejection sends the event to dead letters
 * (`'middleware-error'`, or `'invalid'` for an `EventValidationError`) and the pipeline keeps
 * going. Outside a bus, `mw.operator()` gives the same step as an RxJS operator.
 *
 * @example
 * class Stamp extends BaseMiddleware {
 *   process(e: Event) { return e.with({ metadata: { ...e.metadata, stamped: true } }) }
 * }
 *
 * @category middleware
 * @since 0.1.0
 */
export abstract class BaseMiddleware {
  /** Order in the pipeline: lower runs first. */
  readonly priority: number

  /** @param options See {@link MiddlewareOptions}. */
  constructor(options: MiddlewareOptions = {}) {
    this.priority = options.priority ?? 0
  }

  /**
   * Handles one event.
   *
   * @param event The event.
   * @returns The event to pass on (the same or a replacement), or `null` to drop it; or a Promise of either.
   */
  abstract process(event: Event): Event | null | PromiseLike<Event | null>

  /**
   * This middleware as an RxJS operator, for use outside a bus or in marble tests: events are
   * processed one at a time, in order (`concatMap`); `null` results are dropped; a throw or
   * rejection errors the stream (the bus, instead, isolates it).
   *
   * ```text
   * source:  --a--b--c--|      process drops b
   * result:  --a-----c--|
   * ```
   */
  operator(): MonoTypeOperatorFunction<Event> {
    return concatMap((event: Event) =>
      defer(() => {
        const out = this.process(event) as Event | null | undefined | PromiseLike<Event | null | undefined>
        if (out != null && typeof (out as PromiseLike<Event | null>).then === 'function') {
          return from(out as PromiseLike<Event | null | undefined>).pipe(concatMap((e) => (e == null ? EMPTY : of(e))))
        }
        return out == null ? EMPTY : of(out as Event)
      }),
    )
  }
}
