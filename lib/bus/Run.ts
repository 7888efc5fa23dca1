import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import type { Event } from '../events/Event'
import { renderValue } from '../internal/render'
import type { ClockSampler } from '../metrics/ClockSampler'
import type { Tracked } from '../pipeline/Tracked'
import type { Wiring } from '../transports/Wiring'
import type { Admission } from './admission'
import type { DeadLetters } from './deadLetters'
import type { Ledger } from './Ledger'
import { DEFAULT_BUS_OPTIONS } from './options'
import { checkKeys, OPTION_KEYS } from './optionKeys'
import type { Outcomes } from './Outcomes'
import type { Lifecycle } from './Lifecycle'
import type { Subscriptions } from './Subscriptions'
import type { Watchdog } from './Watchdog'
import type { Logger, StopOptions, StopResult } from './types'
import type { SchedulerLike } from 'rxjs'

/** @internal The parts of the bus that a run starts and stops. */
export interface RunParts {
  readonly wiring: Wiring
  readonly ledger: Ledger
  readonly admission: Admission
  readonly outcomes: Outcomes
  readonly subscriptions: Subscriptions
  readonly deadLetters: DeadLetters
  readonly sampler: ClockSampler
  readonly logger: Logger
  readonly scheduler: SchedulerLike
  readonly lifecycle: Lifecycle
  readonly watchdog: Pick<Watchdog, 'disarm'>
  now(): number
}

const RESOLVED: Promise<void> = Promise.resolve()

/**
 * @internal The bus's lifecycle, one `start()` to `stop()` at a time: the state, the streams of
 * the current run, and the stop: intake closed, the queues drained until the deadline, what is
 * left dead-lettered as `'shutdown'` and returned, the streams completed, the transport closed.
 */
export class Run {
  private stopping: Promise<StopResult> | null = null

  constructor(private readonly parts: RunParts) {}

  /** Starts a run (synchronously in process: a bus started in a test's virtual time runs at once). */
  start(): Promise<void> {
    const { wiring, lifecycle } = this.parts
    if (lifecycle.running) return RESOLVED
    if (this.stopping !== null) return this.stopping.then(() => this.start())
    lifecycle.begin()
    const connecting = wiring.connect()
    if (connecting === null) {
      this.started()
      return RESOLVED
    }
    return connecting.then(async () => {
      lifecycle.connected()
      await wiring.open()
      this.started()
    })
  }

  private started(): void {
    this.parts.lifecycle.markRunning(this.parts.now())
    this.parts.logger.debug({ component: 'event-bus' }, 'event bus started')
  }

  stop(options: StopOptions): Promise<StopResult> {
    const issues: ValidationIssue[] = []
    checkKeys(options, OPTION_KEYS.stop, 'options', issues)
    const timeoutMs = options.timeoutMs ?? DEFAULT_BUS_OPTIONS.stopTimeoutMs
    if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0))
      issues.push({ path: 'options.timeoutMs', expected: 'a number of ms >= 0', actual: renderValue(timeoutMs) })
    if (issues.length > 0) return Promise.reject(new EventValidationError('stop(options)', issues))
    if (this.stopping !== null) return this.stopping
    if (!this.parts.lifecycle.running) return Promise.resolve({ undelivered: [] })
    const { wiring, admission, scheduler, ledger, lifecycle } = this.parts
    lifecycle.stopping()
    wiring.pause()
    admission.rejectBlocked()
    const deadline = scheduler.now() + timeoutMs
    const stopping = new Promise<StopResult>((resolve) => {
      let done = false
      const finish = (): void => {
        if (done) return
        done = true
        timer.unsubscribe()
        const result = this.finish()
        void wiring.close(deadline).then(() => {
          resolve(result)
        })
      }
      const timer = scheduler.schedule(finish, timeoutMs)
      void ledger.drain().then(finish)
    })
    this.stopping = stopping
    return stopping
  }

  private finish(): StopResult {
    const { ledger, outcomes, subscriptions, deadLetters, sampler, logger } = this.parts
    const undelivered: Tracked[] = []
    const seen = new Set<Tracked>()
    for (const rec of [...outcomes.takeHeld(), ...subscriptions.takeUnfinished()]) {
      if (!rec.done && !seen.has(rec)) {
        seen.add(rec)
        undelivered.push(rec)
      }
    }
    ledger.clearWaiting()
    for (const rec of undelivered) {
      rec.done = true
      deadLetters.deadLetter(rec.event, 'shutdown', undefined, undefined, 0)
      rec.resolve?.({ event: rec.event, status: 'dead-letter', outcomes: rec.outcomes ?? [], ok: false })
    }
    this.stopping = null
    sampler.stop()
    this.parts.watchdog.disarm()
    this.parts.lifecycle.stopped()
    if (undelivered.length > 0) {
      logger.warn({ component: 'event-bus', undelivered: undelivered.length }, 'event bus stopped with undelivered events')
    }
    ledger.releaseWaiters()
    return { undelivered: undelivered.map((r): Event => r.event) }
  }
}
