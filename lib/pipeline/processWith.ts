import { Event } from '../events/Event'
import type { BaseMiddleware } from '../middleware/BaseMiddleware'
import { type PipelineHost, Stage } from './Stage'
import type { Tracked } from './Tracked'

type Then = (this: object, onFulfilled: (value: unknown) => void, onRejected: (error: unknown) => void) => unknown

/**
 * @internal A `BaseMiddleware` as a stage: `process(event)` is called directly (no Observable per
 * event); a synchronous result passes on at once, an asynchronous one when it settles (tracked
 * exactly, for `drain` and `stop`). `null` or `undefined` drops the event (filtered); a throw, a
 * rejection or a value that is not an `Event` sends it to dead letters.
 *
 * ```text
 * source:  --a--b--c--|      process: a -> A, b -> null, c -> Promise<C> (2 frames)
 * result:  --A--------C
 * ```
 */
export class ProcessStage extends Stage {
  constructor(middleware: BaseMiddleware, seq: number, host: PipelineHost) {
    super(middleware, middleware.priority, seq, host)
  }

  push(rec: Tracked): void {
    let out: unknown
    try {
      out = (this.middleware as BaseMiddleware).process(rec.event)
      if (typeof out === 'object' && out !== null) {
        // One read of `then` (a getter may throw: then the middleware failed).
        const then = (out as { then?: unknown }).then
        if (typeof then === 'function') {
          this.await(rec, out, then as Then)
          return
        }
      }
    } catch (error) {
      this.host.middlewareFailed(rec, error)
      return
    }
    this.result(rec, out)
  }

  /** A thenable: the first of its callbacks (or a throw from `then`) decides, once. */
  private await(rec: Tracked, out: object, then: Then): void {
    const host = this.host
    host.asyncStarted(rec)
    let settled = false
    try {
      then.call(
        out,
        (value: unknown) => {
          if (settled) return
          settled = true
          host.asyncEnded(rec)
          if (!rec.done) this.result(rec, value)
        },
        (error: unknown) => {
          if (settled) return
          settled = true
          host.asyncEnded(rec)
          if (!rec.done) host.middlewareFailed(rec, error)
        },
      )
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by a callback that `then` may have called before throwing
      if (settled) return
      settled = true
      host.asyncEnded(rec)
      host.middlewareFailed(rec, error)
    }
  }

  private result(rec: Tracked, out: unknown): void {
    if (out === null || out === undefined) this.host.filtered(rec)
    else if (out instanceof Event) {
      rec.event = out as Event
      this.forward(rec)
    } else {
      this.host.middlewareFailed(rec, new TypeError(`middleware returned ${typeof out}, expected an Event or null`))
    }
  }
}
