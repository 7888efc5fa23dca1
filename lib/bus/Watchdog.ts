import type { SchedulerLike, Subscription } from 'rxjs'
import type { Tracked } from '../pipeline/Tracked'
import { eventFields } from './logging'
import type { Logger } from './types'

/** @internal What the watchdog reads. */
export interface WatchdogHost {
  readonly scheduler: SchedulerLike
  readonly logger: Logger
  now(): number
  /** Asynchronous calls running (0: the watchdog sleeps). */
  asyncCalls(): number
  /** See `Subscriptions.oldestCall`. */
  oldestCall(now: number, warnMs: number, slow: (handler: string, rec: Tracked, ageMs: number) => void): number
}

/**
 * @internal Makes a hung handler visible: while asynchronous calls run, it looks at them every
 * second (or half `slowCallWarnMs`, when shorter) on the bus scheduler and warns once per call that has run longer (a
 * handler without a timeout that never ends would otherwise only show as a `drain()` that never
 * resolves). It sleeps when no call runs (armed again by the ledger), so an idle bus holds no timer.
 */
export class Watchdog {
  private timer: Subscription | null = null
  private readonly periodMs: number

  constructor(
    private readonly host: WatchdogHost,
    private readonly warnMs: number,
  ) {
    // At most a second: an idle bus lets go of its timer within a second of its last call.
    this.periodMs = Math.max(1, Math.min(warnMs / 2, 1000))
  }

  /** True while a look is scheduled (or when turned off: nothing to arm). */
  get armed(): boolean {
    return this.timer !== null || this.warnMs === 0
  }

  /** A call started while none ran: look again in a period (no-op when armed or disabled). */
  arm(): void {
    if (this.timer !== null || this.warnMs === 0) return
    this.timer = this.host.scheduler.schedule(() => {
      this.timer = null
      this.tick()
    }, this.periodMs)
  }

  /** The run stopped. */
  disarm(): void {
    this.timer?.unsubscribe()
    this.timer = null
  }

  private tick(): void {
    const host = this.host
    if (host.asyncCalls() === 0) return
    host.oldestCall(host.now(), this.warnMs, (handler, rec, ageMs) => {
      host.logger.warn(
        { component: 'event-bus', handler, ...eventFields(rec.event), runningMs: Math.round(ageMs) },
        `a handler call has run longer than slowCallWarnMs (${this.warnMs} ms); give its subscription a timeoutMs if it may hang`,
      )
    })
    this.arm()
  }
}
