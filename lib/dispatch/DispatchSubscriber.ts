import type { Observer, Subscription } from 'rxjs'
import type { EventHandler } from '../bus/types'
import { HandlerAbandonedError } from '../errors/HandlerAbandonedError'
import { HandlerTimeoutError } from '../errors/HandlerTimeoutError'
import type { SuccessCounter } from '../metrics/HandlerStats'
import type { Tracked } from '../pipeline/Tracked'
import { Attempt, attemptRecords, inspectAttempts, linkAttempt, unlinkAttempt } from './Attempt'
import type { CallContext, DispatchHost, DispatchOptions } from './DispatchHost'
import { followStream, isStreamLike } from './followResult'
import { outcome, retryDelay } from './outcome'
import { CLOSED, RETIRED, SlotSubscriber } from './SlotSubscriber'

type Then = (this: object, onFulfilled: () => void, onRejected: (error: unknown) => void) => unknown

/** @internal Where a bus keeps its dispatches. */
export interface DispatchRegistry {
  added(d: DispatchSubscriber): void
  /** Closed, and its last call ended. */
  retired(d: DispatchSubscriber): void
}

/**
 * @internal The state of one subscription's `dispatch`, in one instance (the RxJS 6
 * `MergeMapSubscriber` style). {@link SlotSubscriber} is the outer half (slots and waiting
 * records); this is the inner half: the handler call, classified as it returns. Synchronous
 * handlers run inline with no allocation beyond their context; asynchronous ones are
 * {@link Attempt}s, with timeouts and retries on the bus scheduler. Each finished delivery goes
 * to the destination (`settle`).
 */
export class DispatchSubscriber extends SlotSubscriber implements SuccessCounter {
  /** Ended calls that did not succeed (failed, timed out, or ended for a retry). */
  private unsuccessful = 0
  /** The newest running attempt (a linked list through `prev`/`next`). */
  private running: Attempt | null = null
  /** The subscription's handler and name, the types and patterns it subscribed to, its number. */
  readonly handler: EventHandler
  readonly name: string
  readonly keys: readonly string[]
  readonly seq: number
  private readonly timeoutMs: number
  private readonly retry: DispatchOptions['retry']
  private readonly stats: DispatchOptions['stats']
  private readonly failure: DispatchOptions['failure']

  constructor(
    destination: Observer<Tracked> & Subscription,
    host: DispatchHost,
    options: DispatchOptions,
    private readonly registry: DispatchRegistry,
  ) {
    super(destination, host, options.concurrency, options.orderBy)
    // Copied, not kept: no options object per subscription (heap per subscription is a benchmark target).
    this.handler = options.handler
    this.name = options.name
    this.keys = options.keys
    this.seq = options.seq
    this.timeoutMs = options.timeoutMs
    this.retry = options.retry
    this.stats = options.stats
    this.failure = options.failure
    options.stats?.attach(this)
  }

  /** Successful calls so far. */
  get successes(): number {
    return this.ended - this.unsuccessful
  }

  /** The events whose asynchronous calls (or retry delays) still run, oldest first (for `stop`). */
  inFlightEvents(): Tracked[] {
    return attemptRecords(this.running)
  }

  /** The oldest running call's age, ms; `slow` once per call past `warnMs` (see `inspectAttempts`). */
  inspectCalls(now: number, warnMs: number, slow: (handler: string, rec: Tracked, ageMs: number) => void): number {
    return inspectAttempts(this.running, now, warnMs, (rec, age) => {
      slow(this.name, rec, age)
    })
  }

  protected cancel(rec: Tracked): void {
    rec.cancelled = true
    rec.outcomes?.push(outcome(this.name, 'cancelled', 0, 0, undefined))
    this.destination.next(rec)
  }

  protected closing(): void {
    // A call may still be running (this handler may have unsubscribed itself): retire once no
    // call runs (after the current synchronous one, or when the last asynchronous one ends).
    queueMicrotask(() => {
      this.retireIfIdle()
    })
  }

  private retireIfIdle(): void {
    if ((this.flags & RETIRED) !== 0 || (this.flags & CLOSED) === 0 || this.active !== 0) return
    this.flags |= RETIRED
    this.stats?.detach(this)
    this.registry.retired(this)
  }

  /** Calls the handler (a slot is free). */
  protected run(rec: Tracked, attempt: number): void {
    const host = this.host
    this.started++
    const timed = rec.acceptedAt !== null || rec.outcomes !== null // sampled, or someone awaits the outcome's duration
    const t0 = timed ? host.now() : -1
    let result: unknown
    try {
      const ctx = host.context(rec, this.name, attempt)
      result = host.tracer === null ? this.handler(rec.event, ctx) : host.tracer.call(this.handler, rec, this.name, attempt, ctx)
      if (typeof result === 'object' && result !== null) {
        // One read of `then` (a getter may throw: then the handler failed).
        const then = (result as { then?: unknown }).then
        if (typeof then === 'function') {
          this.follow(this.begin(rec, attempt, t0, ctx), result, then as Then)
          return
        }
        if (isStreamLike(result)) {
          this.followStream(this.begin(rec, attempt, t0, ctx), result)
          return
        }
      }
    } catch (error) {
      this.failed(rec, attempt, t0, error, false)
      return
    }
    this.succeeded(rec, t0, attempt)
  }

  /** An asynchronous call starts: tracked as an attempt, with its timeout on the bus scheduler. */
  private begin(rec: Tracked, attempt: number, t0: number, ctx: CallContext): Attempt {
    const a = new Attempt(rec, attempt, t0, ctx)
    const host = this.host
    host.ledger.asyncStarted()
    this.running = linkAttempt(this.running, a)
    const timeoutMs = this.timeoutMs
    if (timeoutMs > 0) {
      a.timer = host.scheduler.schedule(() => {
        this.timedOut(a)
      }, timeoutMs)
    }
    return a
  }

  /** A thenable: settles the attempt; a `then` that throws fails it at once and frees the slot. */
  private follow(a: Attempt, result: object, then: Then): void {
    try {
      then.call(
        result,
        () => {
          this.settle(a, false, undefined)
        },
        (error: unknown) => {
          this.settle(a, true, error)
        },
      )
    } catch (error) {
      this.settle(a, true, error)
    }
  }

  private followStream(a: Attempt, result: object): void {
    let sub: Subscription
    try {
      sub = followStream(result, (failed, error) => {
        this.settle(a, failed, error)
      })
    } catch (error) {
      this.settle(a, true, error) // a hostile stream: the handler failed, its slot is freed
      return
    }
    if (a.settled) sub.unsubscribe()
    else a.sub = sub
  }

  private settle(a: Attempt, failed: boolean, error: unknown): void {
    if (a.settled) {
      if (a.abandoned) {
        a.abandoned = false // one late end
        this.host.lateEnd(a.rec, this.name, failed)
      }
      return
    }
    a.settled = true
    a.timer?.unsubscribe()
    this.running = unlinkAttempt(this.running, a)
    // Still in flight while the calls it starts (the next queued event's) run: counted as ended after.
    try {
      if (failed) this.failed(a.rec, a.attempt, a.t0, error, false)
      else this.succeeded(a.rec, a.t0, a.attempt)
    } finally {
      this.asyncEnded()
    }
  }

  private timedOut(a: Attempt): void {
    if (a.settled) return
    a.settled = true
    a.sub?.unsubscribe()
    this.running = unlinkAttempt(this.running, a)
    const stats = this.stats
    if (stats !== null) this.host.metrics.record({ kind: 'timed-out', handler: stats })
    const e = a.rec.event
    const error = new HandlerTimeoutError(this.name, e.eventType, e.id, this.timeoutMs)
    a.ctx?.abort(error)
    try {
      this.failed(a.rec, a.attempt, a.t0, error, true)
    } finally {
      this.asyncEnded()
    }
  }

  /**
   * `stop()` passed its deadline: gives up on every running call and retry delay (their events
   * are undelivered). Each call's context is aborted, its timer cancelled, its slot freed; a
   * call that ends later is reported through `host.lateEnd`, never counted as a success.
   */
  abandonRunning(): void {
    for (let a = this.running; a !== null; a = this.running) {
      this.running = unlinkAttempt(a, a)
      a.settled = true
      a.timer?.unsubscribe()
      const e = a.rec.event
      a.ctx?.abort(new HandlerAbandonedError(this.name, e.eventType, e.id))
      if (a.sub !== null)
        a.sub.unsubscribe() // a returned stream is cancelled: it cannot end later
      else if (a.ctx !== null) {
        a.abandoned = true // a retry delay has no call to end later; a promise may still settle
        this.host.ledger.callAbandoned()
      }
      this.ended++
      this.unsuccessful++
      this.asyncEnded()
    }
  }

  private asyncEnded(): void {
    this.host.ledger.asyncEnded()
    if ((this.flags & CLOSED) !== 0) this.retireIfIdle()
  }

  private succeeded(rec: Tracked, t0: number, attempt: number): void {
    this.ended++
    if (t0 >= 0) {
      const end = this.host.now()
      const stats = this.stats
      // Only sampled events feed the handler's timings (`waitFor: 'handled'` times every call for its outcomes).
      if (stats !== null && rec.acceptedAt !== null) this.host.metrics.callTime(stats, end - t0)
      rec.outcomes?.push(outcome(this.name, 'fulfilled', attempt, end - t0, undefined))
    }
    // Another subscription still owes this event its outcome: count this delivery here (an untimed
    // success needs nothing else from settle; a fan-out to ten handlers makes one settle call, not ten).
    if (t0 < 0 && rec.remaining > 1 && !rec.done) rec.remaining--
    else this.destination.next(rec)
    this.freed(rec)
  }

  private failed(rec: Tracked, attempt: number, t0: number, error: unknown, timedOut: boolean): void {
    const host = this.host
    const end = t0 >= 0 || host.collectAllTimes ? host.now() : -1
    const stats = this.stats
    if (stats !== null && t0 >= 0 && rec.acceptedAt !== null) host.metrics.callTime(stats, end - t0)
    const retry = this.retry
    if (retry !== null && attempt <= retry.count && (this.flags & CLOSED) === 0 && !rec.done) {
      this.retryLater(rec, attempt, t0, retryDelay(retry, attempt))
      return
    }
    this.ended++
    this.unsuccessful++
    const reason = retry !== null && retry.count > 0 ? 'retries-exhausted' : timedOut ? 'timeout' : 'handler-error'
    const final = rec.done || this.failure.handlerFailed(rec, this.name, error, reason, attempt)
    if (stats !== null) host.metrics.record({ kind: final ? 'handler-failed' : 'retried', handler: stats })
    rec.failed = true
    rec.outcomes?.push(outcome(this.name, timedOut ? 'timeout' : 'rejected', attempt, end - t0, error))
    this.destination.next(rec)
    this.freed(rec)
  }

  /** Keeps the slot while waiting: a subscription's order holds across retries. */
  private retryLater(rec: Tracked, attempt: number, t0: number, delay: number): void {
    const host = this.host
    const stats = this.stats
    if (stats !== null) host.metrics.record({ kind: 'retried', handler: stats })
    const wait = new Attempt(rec, attempt, t0, null)
    this.running = linkAttempt(this.running, wait)
    host.ledger.asyncStarted()
    wait.timer = host.scheduler.schedule(() => {
      this.running = unlinkAttempt(this.running, wait)
      this.ended++
      this.unsuccessful++
      try {
        if (!rec.done) this.run(rec, attempt + 1)
        else this.freed(rec)
      } finally {
        this.asyncEnded()
      }
    }, delay)
  }
}
