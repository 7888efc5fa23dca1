import { from, isObservable, type SchedulerLike, type Subscription } from 'rxjs'
import { HandlerTimeoutError } from '../errors/HandlerTimeoutError'
import type { Event } from '../events/Event'
import { priorityLane } from '../events/EventPriority'
import { PriorityQueue } from '../internal/PriorityQueue'
import { RingBuffer } from '../internal/RingBuffer'
import type { HandlerStats, SuccessCounter } from '../metrics/MetricsRecorder'
import type { Tracked } from './Tracked'
import type { DeadLetterReason, EventHandler, HandlerContext, HandlerOutcome, RetryPolicy } from './types'

/** @internal What a dispatcher needs from its bus. */
export interface DispatchHost {
  readonly scheduler: SchedulerLike
  /** Asynchronous calls and retry delays running (synchronous calls are counted by the bus's dispatch loop). */
  inFlight: number
  /** An asynchronous call or retry delay ended: `inFlight--`, then the bus may be idle. */
  asyncEnded(): void
  now(): number
  context(rec: Tracked, handler: string, attempt: number): HandlerContext
  onWaiting(rec: Tracked): void
  /** An event has no waiting delivery any more (counts only: see `roomFreed`). */
  onNotWaiting(rec: Tracked): void
  /**
   * Called after the event that left the queue has started (or was cancelled): only now may a
   * blocked publish take its room, so that a subscription's next event cannot overtake it.
   */
  roomFreed(): void
  /** A closed subscription's last call ended: it counts in no metric any more. */
  retired(d: Dispatcher): void
  /** A delivery ended; `end` is the bus-clock time, or -1 when not timed. */
  deliveryDone(rec: Tracked, outcome: HandlerOutcome | null, failed: boolean, end: number): void
  /** Returns false when the failure is not final (a transport will redeliver the event). */
  handlerFailed(rec: Tracked, handler: string, error: unknown, reason: DeadLetterReason, attempts: number): boolean
}

/** @internal One asynchronous handler call (or a retry waiting for its delay). */
class Attempt {
  settled = false
  timer: Subscription | null = null
  sub: Subscription | null = null
  /** The dispatcher's running attempts form a doubly linked list (no Set to rehash). */
  prev: Attempt | null = null
  next: Attempt | null = null

  constructor(
    readonly rec: Tracked,
    readonly attempt: number,
    readonly t0: number,
  ) {}
}

interface Thenable {
  then(onFulfilled: (v: unknown) => void, onRejected: (e: unknown) => void): unknown
}

function isThenable(u: unknown): u is Thenable {
  return typeof (u as { then?: unknown }).then === 'function'
}

function isStreamLike(u: object): boolean {
  return (
    isObservable(u) ||
    typeof (u as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function' ||
    (typeof Symbol.observable === 'symbol' && typeof (u as Record<symbol, unknown>)[Symbol.observable] === 'function')
  )
}

/**
 * @internal The dispatch of one subscription: at most `concurrency` handler calls at once (the
 * semantics of `mergeMap(handler, concurrency)`), the excess waiting in a priority queue of
 * our own (a ring buffer per priority, not `mergeMap`'s array buffer), with timeouts and
 * retries on the bus's scheduler. Synchronous handlers run inline with no allocation beyond
 * their context; asynchronous ones are tracked as {@link Attempt}s.
 */
export class Dispatcher implements SuccessCounter {
  /** Calls started and ended: `active` is their difference, and successes need no counter of their own. */
  /** @internal Read by `EventBus.route`'s inlined free-slot check. */
  started = 0
  /** @internal */
  ended = 0
  /** Ended calls that did not succeed (failed, timed out, or ended for a retry). */
  private unsuccessful = 0
  /** Closed and idle: its successes are folded into its handler's statistics and the bus forgot it. */
  private isRetired = false
  closed = false
  private pumping = false
  /** Created when the first event has to wait (most subscriptions never queue). */
  private queue: PriorityQueue<Tracked> | null = null
  /** `queue`'s size, kept here: the hot path checks it per call without touching the queue. */
  queued = 0
  /** The newest running attempt (a linked list through `prev`/`next`). */
  private running: Attempt | null = null
  /** With `orderBy`: keys with an event running or waiting, and the events of that key queued behind it. */
  private keyed: Map<unknown, RingBuffer<Tracked> | null> | null = null

  constructor(
    private readonly host: DispatchHost,
    readonly handler: EventHandler,
    readonly name: string,
    readonly keys: readonly string[],
    readonly seq: number,
    readonly concurrency: number,
    readonly timeoutMs: number,
    readonly retry: RetryPolicy | null,
    readonly stats: HandlerStats | null,
    private readonly collectAllTimes: boolean,
    readonly orderBy: ((event: Event) => unknown) | null = null,
  ) {
    stats?.attach(this)
  }

  /** Handler calls running (with retry delays). */
  get active(): number {
    return this.started - this.ended
  }

  /** Successful calls so far. */
  get successes(): number {
    return this.ended - this.unsuccessful
  }

  /** Events waiting for this subscription. */
  get waiting(): number {
    return this.queued
  }

  /** Hands one event to this subscription: runs it now if a slot is free, else queues it. */
  offer(rec: Tracked): void {
    if (this.started - this.ended < this.concurrency && this.queued === 0 && this.orderBy === null && !this.closed) {
      this.run(rec, 1)
      return
    }
    this.offerSlow(rec)
  }

  private offerSlow(rec: Tracked): void {
    if (this.closed) {
      this.host.deliveryDone(rec, this.outcome('cancelled', 0, 0, undefined), false, -1)
      return
    }
    if (this.orderBy !== null && this.holdBehindKey(rec)) return
    if (this.active < this.concurrency && this.queued === 0) {
      this.run(rec, 1)
      return
    }
    ;(this.queue ??= new PriorityQueue<Tracked>()).push(rec, priorityLane(rec.event.priority))
    this.queued++
    if (++rec.waiting === 1) this.host.onWaiting(rec)
    this.pump()
  }

  private keyOf(rec: Tracked): unknown {
    const orderBy = this.orderBy
    if (orderBy === null) return rec
    try {
      return orderBy(rec.event)
    } catch {
      return rec // a key function that throws orders nothing for that event
    }
  }

  /** With `orderBy`: queue `rec` behind an earlier event of its key, if there is one. */
  private holdBehindKey(rec: Tracked): boolean {
    const keyed = this.keyed ?? (this.keyed = new Map<unknown, RingBuffer<Tracked> | null>())
    const key = this.keyOf(rec)
    if (!keyed.has(key)) {
      keyed.set(key, null)
      return false
    }
    let ring = keyed.get(key) ?? null
    if (ring === null) keyed.set(key, (ring = new RingBuffer<Tracked>()))
    ring.push(rec)
    if (++rec.waiting === 1) this.host.onWaiting(rec)
    return true
  }

  /** With `orderBy`: after an event's last attempt, run the next event of its key in the freed slot. */
  private releaseKey(rec: Tracked): void {
    const keyed = this.keyed
    if (keyed === null) return
    const key = this.keyOf(rec)
    const ring = keyed.get(key) ?? null
    for (let next = ring?.shift(); next !== undefined; next = ring?.shift()) {
      if (next.dropped || next.done) continue
      const freed = --next.waiting === 0
      if (freed) this.host.onNotWaiting(next)
      if (this.closed) {
        this.host.deliveryDone(next, this.outcome('cancelled', 0, 0, undefined), false, -1)
        if (freed) this.host.roomFreed()
        continue
      }
      this.run(next, 1)
      if (freed) this.host.roomFreed()
      return
    }
    keyed.delete(key)
  }

  /**
   * The events whose asynchronous handler calls (or retry delays) are still running, oldest
   * first (for `stop`'s `undelivered`). A synchronous call is never running when `stop` settles:
   * it finishes before control returns to the event loop, so it ends handled, not undelivered
   * (and the dispatcher keeps no per-call pointer to it, which would cost a write barrier per call).
   */
  inFlightEvents(): Tracked[] {
    const out: Tracked[] = []
    for (let a = this.running; a !== null; a = a.prev) out.push(a.rec)
    return out.reverse()
  }

  /** Removes every waiting delivery and returns their records (skipping dropped ones). */
  takeWaiting(): Tracked[] {
    const out: Tracked[] = []
    const behindKeys: Tracked[] = []
    if (this.keyed !== null) {
      for (const ring of this.keyed.values()) if (ring !== null) behindKeys.push(...ring.clear())
      this.keyed.clear()
    }
    const queued = this.queue?.clear() ?? []
    this.queued = 0
    for (const rec of [...queued, ...behindKeys]) {
      if (rec.dropped || rec.done) continue
      if (--rec.waiting === 0) this.host.onNotWaiting(rec)
      out.push(rec)
    }
    return out
  }

  /** Closes the subscription: waiting deliveries are cancelled; running calls finish. */
  close(): void {
    if (this.closed) return
    this.closed = true
    for (const rec of this.takeWaiting()) this.host.deliveryDone(rec, this.outcome('cancelled', 0, 0, undefined), false, -1)
    this.host.roomFreed()
    // A call may still be running (this handler may have unsubscribed itself): retire once no
    // call runs (after the current synchronous one, or when the last asynchronous one ends).
    queueMicrotask(() => {
      this.retireIfIdle()
    })
  }

  /** Closed and idle: the handler statistics keep its successes, and neither they nor the bus keep it. */
  private retireIfIdle(): void {
    if (this.isRetired || !this.closed || this.active !== 0) return
    this.isRetired = true
    this.stats?.detach(this)
    this.host.retired(this)
  }

  private pump(): void {
    const queue = this.queue
    if (this.pumping || this.queued === 0 || queue === null) return
    this.pumping = true
    try {
      while (this.active < this.concurrency) {
        const rec = queue.shift()
        if (rec === undefined) break
        this.queued--
        if (rec.dropped || rec.done) continue
        const freed = --rec.waiting === 0
        if (freed) this.host.onNotWaiting(rec)
        this.run(rec, 1)
        if (freed) this.host.roomFreed()
      }
    } finally {
      this.pumping = false
    }
  }

  /** @internal Calls the handler (a slot must be free: see `offer`). */
  run(rec: Tracked, attempt: number): void {
    const host = this.host
    this.started++
    const timed = rec.acceptedAt !== null || rec.outcomes !== null // sampled, or someone awaits the outcome's duration
    const t0 = timed ? host.now() : -1
    let result: unknown
    try {
      result = this.handler(rec.event, host.context(rec, this.name, attempt))
    } catch (error) {
      this.failed(rec, attempt, t0, error, false)
      return
    }
    if (typeof result === 'object' && result !== null) this.returned(rec, attempt, result, t0)
    else this.succeeded(rec, attempt, t0)
  }

  /** The handler returned an object: a Promise or stream to follow, or a plain value (done). */
  private returned(rec: Tracked, attempt: number, result: object, t0: number): void {
    if (isThenable(result) || isStreamLike(result)) this.runAsync(rec, attempt, result, t0)
    else this.succeeded(rec, attempt, t0)
  }

  private runAsync(rec: Tracked, attempt: number, result: object, t0: number): void {
    const a = new Attempt(rec, attempt, t0)
    this.host.inFlight++
    this.link(a)
    if (this.timeoutMs > 0) {
      a.timer = this.host.scheduler.schedule(() => {
        this.timedOut(a)
      }, this.timeoutMs)
    }
    if (isThenable(result)) {
      result.then(
        () => {
          this.settle(a, false, undefined)
        },
        (error: unknown) => {
          this.settle(a, true, error)
        },
      )
    } else {
      const sub = from(result as AsyncIterable<unknown>).subscribe({
        error: (error: unknown) => {
          this.settle(a, true, error)
        },
        complete: () => {
          this.settle(a, false, undefined)
        },
      })
      if (a.settled) sub.unsubscribe()
      else a.sub = sub
    }
  }

  private link(a: Attempt): void {
    const newest = this.running
    if (newest !== null) newest.next = a
    a.prev = newest
    this.running = a
  }

  private unlink(a: Attempt): void {
    const { prev, next } = a
    if (prev !== null) prev.next = next
    if (next !== null) next.prev = prev
    else this.running = prev
    a.prev = a.next = null
  }

  private settle(a: Attempt, failed: boolean, error: unknown): void {
    if (a.settled) return
    a.settled = true
    a.timer?.unsubscribe()
    this.unlink(a)
    // Still in flight while the calls it starts (the next queued event's) run: counted as ended after.
    try {
      if (failed) this.failed(a.rec, a.attempt, a.t0, error, false)
      else this.succeeded(a.rec, a.attempt, a.t0)
    } finally {
      this.host.asyncEnded()
      if (this.closed) this.retireIfIdle()
    }
  }

  private timedOut(a: Attempt): void {
    if (a.settled) return
    a.settled = true
    a.sub?.unsubscribe()
    this.unlink(a)
    if (this.stats !== null) this.stats.timeoutCount++
    const e = a.rec.event
    try {
      this.failed(a.rec, a.attempt, a.t0, new HandlerTimeoutError(this.name, e.eventType, e.id, this.timeoutMs), true)
    } finally {
      this.host.asyncEnded()
      if (this.closed) this.retireIfIdle()
    }
  }

  private succeeded(rec: Tracked, attempt: number, t0: number): void {
    this.ended++
    if (t0 >= 0) this.timedSuccess(rec, attempt, t0)
    else if (rec.remaining > 1 && !rec.done)
      // (untimed, so no one collects outcomes)
      rec.remaining-- // fan-out: another subscription still owes this event its outcome
    else this.host.deliveryDone(rec, null, false, -1)
    if (this.orderBy !== null) this.releaseKey(rec)
    if (this.queued > 0) this.pump()
  }

  /** `succeeded` for a timed call: sampled, or its outcome carries a duration. */
  private timedSuccess(rec: Tracked, attempt: number, t0: number): void {
    const end = this.host.now()
    // Only sampled events feed the handler's timings (`waitFor: 'handled'` times every call for its outcomes).
    if (this.stats !== null && rec.acceptedAt !== null) this.stats.time(end - t0)
    this.host.deliveryDone(rec, rec.outcomes === null ? null : this.outcome('fulfilled', attempt, end - t0, undefined), false, end)
  }

  private failed(rec: Tracked, attempt: number, t0: number, error: unknown, timedOut: boolean): void {
    const host = this.host
    const end = t0 >= 0 || this.collectAllTimes ? host.now() : -1
    const stats = this.stats
    if (stats !== null && t0 >= 0 && rec.acceptedAt !== null) stats.time(end - t0)
    const retry = this.retry
    if (retry !== null && attempt <= retry.count && !this.closed && !rec.done) {
      // Keep the slot while waiting: a subscription's order holds across retries.
      if (stats !== null) stats.retryCount++
      const delay = (retry.delayMs ?? 0) * (retry.backoff === 'exponential' ? 2 ** (attempt - 1) : 1)
      const wait = new Attempt(rec, attempt, t0)
      this.link(wait)
      host.inFlight++
      wait.timer = host.scheduler.schedule(() => {
        this.unlink(wait)
        this.ended++
        this.unsuccessful++
        try {
          if (rec.done) {
            if (this.orderBy !== null) this.releaseKey(rec)
            this.pump()
            return
          }
          this.run(rec, attempt + 1)
        } finally {
          host.asyncEnded()
          if (this.closed) this.retireIfIdle()
        }
      }, delay)
      return
    }
    this.ended++
    this.unsuccessful++
    const reason: DeadLetterReason = retry !== null && retry.count > 0 ? 'retries-exhausted' : timedOut ? 'timeout' : 'handler-error'
    const final = rec.done || host.handlerFailed(rec, this.name, error, reason, attempt)
    if (stats !== null) {
      if (final) stats.errorCount++
      else stats.retryCount++
    }
    host.deliveryDone(rec, rec.outcomes === null ? null : this.outcome(timedOut ? 'timeout' : 'rejected', attempt, end - t0, error), true, end)
    if (this.orderBy !== null) this.releaseKey(rec)
    this.pump()
  }

  private outcome(status: HandlerOutcome['status'], attempts: number, durationMs: number, error: unknown): HandlerOutcome {
    const o: { -readonly [K in keyof HandlerOutcome]: HandlerOutcome[K] } = {
      handler: this.name,
      status,
      attempts,
      durationMs: durationMs >= 0 ? durationMs : 0,
    }
    if (error !== undefined) o.error = error
    return o
  }
}
