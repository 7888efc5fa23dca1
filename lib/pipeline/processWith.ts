import { Event } from '../events/Event'
import type { BaseMiddleware } from '../middleware/BaseMiddleware'
import { type PipelineHost, Stage } from './Stage'
import type { Tracked } from './Tracked'

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
      if (out != null && typeof (out as PromiseLike<unknown>).then === 'function') {
        this.await(rec, out as PromiseLike<unknown>)
        return
      }
    } catch (error) {
      this.host.middlewareFailed(rec, error)
      return
    }
    this.result(rec, out)
  }

  private await(rec: Tracked, out: PromiseLike<unknown>): void {
    const host = this.host
    host.asyncStarted(rec)
    try {
      this.follow(rec, out)
    } catch (error) {
      host.asyncEnded(rec) // a `then` that throws: the middleware failed (the caller reports it)
      throw error
    }
  }

  private follow(rec: Tracked, out: PromiseLike<unknown>): void {
    const host = this.host
    out.then(
      (value) => {
        host.asyncEnded(rec)
        if (!rec.done) this.result(rec, value)
      },
      (error: unknown) => {
        host.asyncEnded(rec)
        if (!rec.done) host.middlewareFailed(rec, error)
      },
    )
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
