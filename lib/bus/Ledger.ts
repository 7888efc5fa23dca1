import { RingBuffer } from '../internal/RingBuffer'
import type { Tracked } from '../pipeline/Tracked'

const RESOLVED: Promise<void> = Promise.resolve()

/**
 * @internal Bus-wide accounting, and the bus's one answer to "is anything left?": events
 * waiting in a subscription's queue, dispatch loops on the stack, asynchronous handler calls and
 * retry delays, events in middleware, publishes on their way to a broker, and the waiters of
 * `drain()`. Every count is private; each writer says what happened through a method.
 */
export class Ledger {
  /** Accepted events with a delivery waiting in a subscription's queue (exact; `queueSize`). */
  private waitingCount = 0
  /** Dispatch loops running (while one runs, a synchronous handler call may be on the stack): one per fan-out, not per call. */
  private dispatching = 0
  /** Asynchronous handler calls and retry delays running. */
  private asyncCount = 0
  /** Events inside the middleware (an asynchronous `process`, or between stages). */
  private inPipeline = 0
  /** Events on their way to a broker. */
  private publishing = 0
  /** Calls that `stop()` gave up on and that have not ended (they count in nothing else). */
  private abandonedCount = 0
  /** Under `'drop-oldest'`: waiting events in the order they started waiting (stale entries skipped). */
  private readonly oldest: RingBuffer<Tracked> | null
  private drainWaiters: (() => void)[] | null = null
  /** The publishes that wait for room (admission's). */
  private blocked: BlockedPublishes = NONE_BLOCKED
  private watchdog: SleepingWatch = NO_WATCH

  constructor(
    private readonly maxQueueSize: number,
    trackOldest: boolean,
  ) {
    this.oldest = trackOldest ? new RingBuffer<Tracked>() : null
  }

  /** Connects the watchdog: armed when an asynchronous call starts while none ran and it sleeps. */
  watch(watchdog: SleepingWatch): void {
    this.watchdog = watchdog
  }

  /** Connects admission's blocked publishes: they count in `drain`, and freed room admits them. */
  connect(blocked: BlockedPublishes): void {
    this.blocked = blocked
  }

  /** Events waiting in subscription queues. */
  get waiting(): number {
    return this.waitingCount
  }

  /** Asynchronous handler calls and retry delays running. */
  get asyncCalls(): number {
    return this.asyncCount
  }

  /** True when the queues are full (a publish must wait, be rejected, or drop one). */
  get full(): boolean {
    return this.waitingCount >= this.maxQueueSize
  }

  /** A fan-out loop starts. */
  enterDispatch(): void {
    this.dispatching++
  }

  /** A fan-out loop ended: the bus may be idle. */
  leaveDispatch(): void {
    this.dispatching--
    if (this.drainWaiters !== null) this.checkIdle()
  }

  /** An asynchronous handler call or retry delay started (the first wakes the watchdog). */
  asyncStarted(): void {
    if (++this.asyncCount === 1 && !this.watchdog.armed) this.watchdog.arm()
  }

  /** An asynchronous handler call or retry delay ended (after the follow-up dispatch it started). */
  asyncEnded(): void {
    this.asyncCount--
    if (this.drainWaiters !== null) this.checkIdle()
  }

  /** Calls abandoned by `stop()` that still run. */
  get abandoned(): number {
    return this.abandonedCount
  }

  /** `stop()` gave up on a running call (its async count is ended separately). */
  callAbandoned(): void {
    this.abandonedCount++
  }

  /** An abandoned call ended after all. */
  abandonedEnded(): void {
    this.abandonedCount--
  }

  /** An event entered the middleware. */
  pipelineEntered(): void {
    this.inPipeline++
  }

  /** An event left the middleware (routed, filtered, failed, or sent). */
  pipelineLeft(): void {
    this.inPipeline--
  }

  /** An event is on its way to a broker. */
  sendStarted(): void {
    this.publishing++
  }

  /** The broker answered. */
  sendEnded(): void {
    this.publishing--
    this.checkIdle()
  }

  /** A delivery started waiting. */
  onWaiting(rec: Tracked): void {
    this.waitingCount++
    const order = this.oldest
    if (order !== null) {
      order.push(rec)
      // Stale entries (started, dropped, done) are skipped when taken; compact when they pile up.
      if (order.size > 2 * Math.max(this.waitingCount, this.maxQueueSize) + 64) {
        for (const r of order.clear()) if (isWaiting(r)) order.push(r)
      }
    }
  }

  /** An event has no waiting delivery any more (counts only: see `roomFreed`). */
  onNotWaiting(): void {
    this.waitingCount--
  }

  /** Under `'drop-oldest'`: the event that started waiting first and still waits, taken out of the order. */
  takeOldest(): Tracked | undefined {
    const order = this.oldest
    if (order === null) return undefined
    for (let rec = order.shift(); rec !== undefined; rec = order.shift()) if (isWaiting(rec)) return rec
    return undefined
  }

  /** A dropped event's waiting deliveries no longer count. */
  dropped(rec: Tracked): void {
    this.waitingCount--
    rec.dropped = true
    rec.remaining -= rec.waiting
    rec.waiting = 0
  }

  /**
   * Called after the event that left a queue has started (or was cancelled): only now may a
   * blocked publish take its room, so that a subscription's next event cannot overtake it.
   */
  roomFreed(): void {
    this.blocked.admit()
  }

  /** Stop took every waiting delivery. */
  clearWaiting(): void {
    this.waitingCount = 0
    if (this.oldest !== null) while (this.oldest.shift() !== undefined);
  }

  /** True when nothing is queued, in middleware, running, or being sent. */
  isIdle(): boolean {
    return (
      this.inPipeline === 0 && this.publishing === 0 && this.waitingCount === 0 && this.asyncCount === 0 && this.dispatching === 0 && this.blocked.size === 0
    )
  }

  /** Resolves when idle (now, if already so). */
  drain(): Promise<void> {
    if (this.isIdle()) return RESOLVED
    return new Promise<void>((resolve) => {
      ;(this.drainWaiters ??= []).push(resolve)
    })
  }

  /** Resolves the drain waiters if idle. */
  checkIdle(): void {
    if (this.drainWaiters !== null && this.isIdle()) this.releaseWaiters()
  }

  /** Resolves every drain waiter (stop finished). */
  releaseWaiters(): void {
    const waiters = this.drainWaiters
    this.drainWaiters = null
    if (waiters !== null) for (const w of waiters) w()
  }
}

function isWaiting(rec: Tracked): boolean {
  return rec.waiting > 0 && !rec.dropped && !rec.done
}

/** @internal The publishes that wait for queue room under the `'wait'` policy. */
export interface BlockedPublishes {
  /** How many wait. */
  readonly size: number
  /** Admits as many as there is room for. */
  admit(): void
}

const NONE_BLOCKED: BlockedPublishes = Object.freeze({
  size: 0,
  admit: (): void => undefined,
})

/** @internal The watchdog as the ledger wakes it. */
export interface SleepingWatch {
  /** True while a look is scheduled. */
  readonly armed: boolean
  /** Schedules a look. */
  arm(): void
}

const NO_WATCH: SleepingWatch = Object.freeze({ armed: true, arm: (): void => undefined })
