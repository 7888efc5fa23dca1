import { type Observer, Subscription, type TeardownLogic, type Unsubscribable } from 'rxjs'
import type { Event } from '../events/Event'
import { priorityLane } from '../events/EventPriority'
import { OperatorSubscriber } from '../internal/operate'
import { PriorityQueue } from '../internal/PriorityQueue'
import type { Tracked } from '../pipeline/Tracked'
import type { DispatchHost } from './DispatchHost'
import { KeyLanes } from './KeyLanes'
import { installDispose } from '../bus/dispose'

/** Unsubscribed: no more deliveries start. */
export const CLOSED = 1
/** Closed, idle, and forgotten by the bus. */
export const RETIRED = 2
const PUMPING = 4
/** The source completed: complete once the running and waiting deliveries are done (as `mergeMap`). */
const SOURCE_DONE = 8

/**
 * @internal The outer half of our `mergeMap(handler, concurrency)`: the slot check in `next`, and
 * the records that wait for a slot, in a priority queue of our own (a ring per priority, created
 * on the first wait, not `mergeMap`'s array buffer) or behind an earlier event of their
 * `orderBy` key; `pump` drains them as slots free. {@link DispatchSubscriber} adds the inner half
 * (the handler call). One instance per subscription, with its state in fields: with state in
 * closures, ten subscriptions made the hot call site megamorphic (S2 at 0.65x).
 */
export abstract class SlotSubscriber extends OperatorSubscriber<Tracked, Tracked> {
  /** Calls started and ended (`started - ended` are running, with retry delays). */
  protected started = 0
  protected ended = 0
  /** CLOSED | RETIRED | PUMPING | SOURCE_DONE bits (one field, not four: heap per subscription). */
  protected flags = 0
  /** Created when the first event has to wait (most subscriptions never queue). */
  private queue: PriorityQueue<Tracked> | null = null
  /** `queue`'s size, kept here: the hot path checks it without touching the queue. */
  private queued = 0
  protected readonly lanes: KeyLanes | null
  /** The source's teardown (see `add`). */
  private teardown: Unsubscribable | null = null

  constructor(
    destination: Observer<Tracked> & Subscription,
    protected readonly host: DispatchHost,
    private readonly concurrency: number,
    orderBy: ((event: Event) => unknown) | null,
  ) {
    super(destination, false)
    this.lanes = orderBy === null ? null : new KeyLanes(orderBy)
  }

  /** Handler calls running (with retry delays). */
  get active(): number {
    return this.started - this.ended
  }

  /** True once unsubscribed. */
  get isClosed(): boolean {
    return (this.flags & CLOSED) !== 0
  }

  /** Calls the handler for `rec` (a slot is free). */
  protected abstract run(rec: Tracked, attempt: number): void

  /** Ends a delivery that was cancelled before it ran (unsubscribed). */
  protected abstract cancel(rec: Tracked): void

  /** Unsubscribed (once): running calls still end. */
  protected abstract closing(): void

  /** One record to deliver: runs it now if a slot is free, else it waits. */
  next(rec: Tracked): void {
    if (this.started - this.ended < this.concurrency && this.queued === 0 && this.lanes === null && (this.flags & CLOSED) === 0) this.run(rec, 1)
    else this.offerSlow(rec)
  }

  private offerSlow(rec: Tracked): void {
    if ((this.flags & CLOSED) !== 0) {
      this.cancel(rec)
      return
    }
    const ledger = this.host.ledger
    if (this.lanes !== null && this.lanes.holdBehind(rec)) {
      if (++rec.waiting === 1) ledger.onWaiting(rec)
      return
    }
    if (this.active < this.concurrency && this.queued === 0) {
      this.run(rec, 1)
      return
    }
    ;(this.queue ??= new PriorityQueue<Tracked>()).push(rec, priorityLane(rec.event.priority))
    this.queued++
    if (++rec.waiting === 1) ledger.onWaiting(rec)
    this.pump()
  }

  /** A delivery ended and freed its slot: the next waiting records may start. */
  protected freed(rec: Tracked): void {
    if (this.lanes !== null) this.releaseKey(rec)
    if (this.queued > 0) this.pump()
    if (this.flags >= SOURCE_DONE) this.completeIfDone()
  }

  override complete(): void {
    this.flags |= SOURCE_DONE
    this.completeIfDone()
  }

  private completeIfDone(): void {
    if ((this.flags & SOURCE_DONE) !== 0 && this.started === this.ended && this.queued === 0 && (this.lanes === null || this.lanes.isEmpty)) super.complete()
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
      this.closing()
    }
    const teardown = this.teardown
    this.teardown = null
    teardown?.unsubscribe()
    super.unsubscribe()
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
}

// `using sub = bus.subscribe(...)`: a subscription disposes of itself (on the prototype: nothing per subscription).
installDispose(SlotSubscriber.prototype)
