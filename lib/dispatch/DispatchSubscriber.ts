import { type Observer, Subscription, type TeardownLogic, type Unsubscribable } from 'rxjs'
import type { EventHandler } from '../bus/types'
import { HandlerTimeoutError } from '../errors/HandlerTimeoutError'
import { priorityLane } from '../events/EventPriority'
import { OperatorSubscriber } from '../internal/operate'
import { PriorityQueue } from '../internal/PriorityQueue'
import type { SuccessCounter } from '../metrics/HandlerStats'
import type { Tracked } from '../pipeline/Tracked'
import { Attempt, attemptRecords, linkAttempt, unlinkAttempt } from './Attempt'
import type { DispatchHost, DispatchOptions } from './DispatchHost'
import { followResult, kindOf } from './followResult'
import { KeyLanes } from './KeyLanes'
import { outcome, retryDelay } from './outcome'

/**
 * @internal The state of one subscription's `dispatch`, in one instance (the RxJS 6
 * `MergeMapSubscriber` style: with state in closures, ten subscriptions made the hot call site
 * megamorphic and S2 fell to 0.65x). `next` is `mergeMap`'s outer next: run the handler if a slot
 * is free, else queue the record in a priority queue of our own (a ring per priority, not
 * `mergeMap`'s array buffer). Each finished delivery goes to the destination (`settle`).
 * Synchronous handlers run inline with no allocation beyond their context; asynchronous ones are
 * {@link Attempt}s, with timeouts and retries on the bus scheduler.
 */
const CLOSED = 1
const RETIRED = 2
const PUMPING = 4
/** The source completed: complete once the running and waiting deliveries are done (as `mergeMap`). */
const SOURCE_DONE = 8

/** @internal Where a bus keeps its dispatches. */
export interface DispatchRegistry {
  added(d: DispatchSubscriber): void
  /** Closed, and its last call ended. */
  retired(d: DispatchSubscriber): void
}

export class DispatchSubscriber extends OperatorSubscriber<Tracked, Tracked> implements SuccessCounter {
  private started = 0
  private ended = 0
  /** Ended calls that did not succeed (failed, timed out, or ended for a retry). */
  private unsuccessful = 0
  /** CLOSED | RETIRED | PUMPING bits (one field, not three: heap per subscription). */
  private flags = 0
  /** Created when the first event has to wait (most subscriptions never queue). */
  private queue: PriorityQueue<Tracked> | null = null
  /** `queue`'s size, kept here: the hot path checks it without touching the queue. */
  private queued = 0
  /** The newest running attempt (a linked list through `prev`/`next`). */
  private running: Attempt | null = null
  private readonly lanes: KeyLanes | null
  /** The source's teardown (see `add`). */
  private teardown: Unsubscribable | null = null
  /** The subscription's handler and name, the types and patterns it subscribed to, its number. */
  readonly handler: EventHandler
  readonly name: string
  readonly keys: readonly string[]
  readonly seq: number
  private readonly timeoutMs: number
  private readonly retry: DispatchOptions['retry']
  private readonly stats: DispatchOptions['stats']
  private readonly failure: DispatchOptions['failure']
  private readonly concurrency: number

  constructor(
    destination: Observer<Tracked> & Subscription,
    private readonly host: DispatchHost,
    options: DispatchOptions,
    private readonly registry: DispatchRegistry,
  ) {
    super(destination, false)
    // Copied, not kept: no options object per subscription (heap per subscription is a benchmark target).
    this.handler = options.handler
    this.name = options.name
    this.keys = options.keys
    this.seq = options.seq
    this.concurrency = options.concurrency
    this.timeoutMs = options.timeoutMs
    this.retry = options.retry
    this.stats = options.stats
    this.failure = options.failure
    this.lanes = options.orderBy === null ? null : new KeyLanes(options.orderBy)
    options.stats?.attach(this)
  }

  /** Handler calls running (with retry delays). */
  get active(): number {
    return this.started - this.ended
  }

  /** Successful calls so far. */
  get successes(): number {
    return this.ended - this.unsuccessful
  }

  /** True once unsubscribed. */
  get isClosed(): boolean {
    return (this.flags & CLOSED) !== 0
  }

  /** One record to deliver: runs it now if a slot is free, else queues it. */
  next(rec: Tracked): void {
    if (this.started - this.ended < this.concurrency && this.queued === 0 && this.lanes === null && (this.flags & CLOSED) === 0) this.run(rec, 1)
    else this.offerSlow(rec)
  }

  private offerSlow(rec: Tracked): void {
    if ((this.flags & CLOSED) !== 0) {
      this.cancel(rec)
      return
    }
    const host = this.host
    if (this.lanes !== null && this.lanes.holdBehind(rec)) {
      if (++rec.waiting === 1) host.ledger.onWaiting(rec)
      return
    }
    if (this.active < this.concurrency && this.queued === 0) {
      this.run(rec, 1)
      return
    }
    ;(this.queue ??= new PriorityQueue<Tracked>()).push(rec, priorityLane(rec.event.priority))
    this.queued++
    if (++rec.waiting === 1) host.ledger.onWaiting(rec)
    this.pump()
  }

  override complete(): void {
    this.flags |= SOURCE_DONE
    this.completeIfDone()
  }

  private completeIfDone(): void {
    if ((this.flags & SOURCE_DONE) !== 0 && this.started === this.ended && this.queued === 0 && (this.lanes === null || this.lanes.isEmpty)) super.complete()
  }

  /** A delivery cancelled before it ran (unsubscribed). */
  private cancel(rec: Tracked): void {
    rec.cancelled = true
    rec.outcomes?.push(outcome(this.name, 'cancelled', 0, 0, undefined))
    this.destination.next(rec)
  }

  /** The events whose asynchronous calls (or retry delays) still run, oldest first (for `stop`). */
  inFlightEvents(): Tracked[] {
    return attemptRecords(this.running)
  }

  /** Removes every waiting delivery and returns their records (skipping dropped ones). */
  takeWaiting(): Tracked[] {
    const queued = this.queue?.clear() ?? []
    this.queued = 0
    const behindKeys = this.lanes?.clear() ?? []
    const out: Tracked[] = []
    for (const list of [queued, behindKeys]) {
      for (const rec of list) {
        if (rec.dropped || rec.done) continue
        if (--rec.waiting === 0) this.host.ledger.onNotWaiting()
        out.push(rec)
      }
    }
    return out
  }

  /**
   * Keeps the first finalizer (its source's teardown) in a field: no finalizer array per
   * subscription (heap per subscription is a benchmark target).
   */
  override add(teardown: TeardownLogic): void {
    if (this.teardown === null && !this.closed && teardown !== undefined && typeof teardown !== 'function' && !(teardown instanceof Subscription)) {
      this.teardown = teardown
      return
    }
    super.add(teardown)
  }

  /** Unsubscribed: waiting deliveries are cancelled; running calls finish. */
  override unsubscribe(): void {
    if ((this.flags & CLOSED) === 0) {
      this.flags |= CLOSED
      for (const rec of this.takeWaiting()) this.cancel(rec)
      this.host.ledger.roomFreed()
      this.host.ledger.checkIdle()
      // A call may still be running (this handler may have unsubscribed itself): retire once no
      // call runs (after the current synchronous one, or when the last asynchronous one ends).
      queueMicrotask(() => {
        this.retireIfIdle()
      })
    }
    const teardown = this.teardown
    this.teardown = null
    teardown?.unsubscribe()
    super.unsubscribe()
  }

  private retireIfIdle(): void {
    if ((this.flags & RETIRED) !== 0 || (this.flags & CLOSED) === 0 || this.active !== 0) return
    this.flags |= RETIRED
    this.stats?.detach(this)
    this.registry.retired(this)
  }

  private pump(): void {
    const queue = this.queue
    if ((this.flags & PUMPING) !== 0 || this.queued === 0 || queue === null) return
    this.flags |= PUMPING
    const ledger = this.host.ledger
    try {
      while (this.active < this.concurrency) {
        const rec = queue.shift()
        if (rec === undefined) break
        this.queued--
        if (rec.dropped || rec.done) continue
        const freed = --rec.waiting === 0
        if (freed) ledger.onNotWaiting()
        this.run(rec, 1)
        if (freed) ledger.roomFreed()
      }
    } finally {
      this.flags &= ~PUMPING
    }
  }

  /** With `orderBy`: after an event's last attempt, run the next event of its key in the freed slot. */
  private releaseKey(rec: Tracked): void {
    const ledger = this.host.ledger
    const next = (this.lanes as KeyLanes).next(rec, (n) => {
      if (n.dropped || n.done) return true
      if (--n.waiting === 0) ledger.onNotWaiting()
      if ((this.flags & CLOSED) === 0) return false
      this.cancel(n)
      ledger.roomFreed()
      return true
    })
    if (next === undefined) return
    this.run(next, 1)
    ledger.roomFreed()
  }

  /** Calls the handler (a slot is free). */
  private run(rec: Tracked, attempt: number): void {
    const host = this.host
    this.started++
    const timed = rec.acceptedAt !== null || rec.outcomes !== null // sampled, or someone awaits the outcome's duration
    const t0 = timed ? host.now() : -1
    let result: unknown
    try {
      result = this.handler(rec.event, host.context(rec, this.name, attempt))
      if (typeof result === 'object' && result !== null && kindOf(result) === 'async') {
        this.runAsync(rec, attempt, result, t0)
        return
      }
    } catch (error) {
      this.failed(rec, attempt, t0, error, false)
      return
    }
    this.succeeded(rec, t0, attempt)
  }

  private runAsync(rec: Tracked, attempt: number, result: object, t0: number): void {
    const a = new Attempt(rec, attempt, t0)
    const host = this.host
    host.ledger.asyncStarted()
    this.running = linkAttempt(this.running, a)
    const timeoutMs = this.timeoutMs
    if (timeoutMs > 0) {
      a.timer = host.scheduler.schedule(() => {
        this.timedOut(a)
      }, timeoutMs)
    }
    let sub: Subscription | null
    try {
      sub = followResult(result, (failed, error) => {
        this.settle(a, failed, error)
      })
    } catch (error) {
      this.settle(a, true, error) // a hostile thenable or stream: the handler failed, its slot is freed
      return
    }
    if (a.settled) sub?.unsubscribe()
    else a.sub = sub
  }

  private settle(a: Attempt, failed: boolean, error: unknown): void {
    if (a.settled) return
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
    try {
      this.failed(a.rec, a.attempt, a.t0, new HandlerTimeoutError(this.name, e.eventType, e.id, this.timeoutMs), true)
    } finally {
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
      rec.endedAt = end
      rec.outcomes?.push(outcome(this.name, 'fulfilled', attempt, end - t0, undefined))
    }
    this.destination.next(rec)
    if (this.lanes !== null) this.releaseKey(rec)
    if (this.queued > 0) this.pump()
    if (this.flags >= SOURCE_DONE) this.completeIfDone()
  }

  private failed(rec: Tracked, attempt: number, t0: number, error: unknown, timedOut: boolean): void {
    const host = this.host
    const end = t0 >= 0 || this.host.collectAllTimes ? host.now() : -1
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
    if (end >= 0) rec.endedAt = end
    rec.outcomes?.push(outcome(this.name, timedOut ? 'timeout' : 'rejected', attempt, end - t0, error))
    this.destination.next(rec)
    if (this.lanes !== null) this.releaseKey(rec)
    this.pump()
    if (this.flags >= SOURCE_DONE) this.completeIfDone()
  }

  /** Keeps the slot while waiting: a subscription's order holds across retries. */
  private retryLater(rec: Tracked, attempt: number, t0: number, delay: number): void {
    const host = this.host
    const stats = this.stats
    if (stats !== null) host.metrics.record({ kind: 'retried', handler: stats })
    const wait = new Attempt(rec, attempt, t0)
    this.running = linkAttempt(this.running, wait)
    host.ledger.asyncStarted()
    wait.timer = host.scheduler.schedule(() => {
      this.running = unlinkAttempt(this.running, wait)
      this.ended++
      this.unsuccessful++
      try {
        if (!rec.done) this.run(rec, attempt + 1)
        else {
          if (this.lanes !== null) this.releaseKey(rec)
          this.pump()
        }
      } finally {
        this.asyncEnded()
      }
    }, delay)
  }
}
