import { BusNotStartedError } from '../errors/BusNotStartedError'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { QueueOverflowError } from '../errors/QueueOverflowError'
import { Event, type EventInit, type Payload } from '../events/Event'
import { parseEvent } from '../events/parseEvent'
import { BlockedQueue } from '../internal/BlockedQueue'
import { renderValue } from '../internal/render'
import { SettlerCapture } from '../internal/SettlerCapture'
import type { BusTracer, TracerSlot } from '../dispatch/tracing'
import type { ClockSampler } from '../metrics/ClockSampler'
import { OUTCOME } from '../metrics/foldOutcome'
import type { MetricsScan } from '../metrics/MetricsScan'
import type { Pipeline } from '../pipeline/Pipeline'
import { Tracked } from '../pipeline/Tracked'
import type { Wiring } from '../transports/Wiring'
import { followUpOf, type FollowUpSink } from './Context'
import { asBusError, type DeadLetters } from './deadLetters'
import type { Ledger } from './Ledger'
import type { Lifecycle } from './Lifecycle'
import { checkKeys, OPTION_KEYS } from './optionKeys'
import type { Logger, OverflowPolicy, PublishOptions, PublishResult } from './types'

type Settlement = Promise<PublishResult | undefined>
/** Follow-ups bypass `maxQueueSize` (no deadlock), up to this many times it. */
const FOLLOW_UP_CAP = 10
const RESOLVED: Promise<undefined> = Promise.resolve(undefined)

/** @internal What admission hands accepted records to, and asks of the bus. */
export interface AdmissionHost {
  readonly ledger: Ledger
  readonly metrics: MetricsScan
  readonly deadLetters: DeadLetters
  readonly sampler: ClockSampler
  readonly logger: Logger
  /** Running, stopping (follow-ups only) or stopped. */
  readonly lifecycle: Lifecycle
  /** The pipeline's input. */
  readonly pipeline: Pipeline
  /** What `publish` returns for a record someone waits for (handled, or sent to a broker). */
  readonly wiring: Pick<Wiring, 'settlement' | 'settlesEvery'>
}

/**
 * @internal Where events come in: the running, decode and `waitFor` checks, the overflow
 * policies (a table), the publishes that wait for room under `'wait'`, and a new record per
 * accepted event, fed to the pipeline.
 */
export class Admission implements FollowUpSink, TracerSlot {
  /** Opens a producer span per accepted event (installed by `./otel`; null: none). */
  tracer: BusTracer | null = null
  private blocked: BlockedQueue<Event, PublishResult | undefined> | null = null
  private admitting = false
  /** A shared Promise executor (no closure per blocked publish): read the settlers right after `new Promise`. */
  private readonly settlers = new SettlerCapture<PublishResult | undefined>()
  /** Waiting events past which follow-ups are dropped. */
  private readonly followUpCap: number
  private warnedFollowUps = false

  constructor(
    private readonly host: AdmissionHost,
    private readonly maxQueueSize: number,
    private readonly overflow: OverflowPolicy,
    private readonly timed: boolean,
  ) {
    host.ledger.connect(this)
    this.followUpCap = FOLLOW_UP_CAP * maxQueueSize
  }

  /** Publishes waiting for room. */
  get size(): number {
    return this.blocked === null ? 0 : this.blocked.size
  }

  /** `publish`, `emit` and `publishFrom`: rejects with `BusNotStartedError` unless running. */
  publish(event: unknown, options: PublishOptions | undefined, operation: string): Settlement {
    if (!this.host.lifecycle.running) return Promise.reject(new BusNotStartedError(operation))
    return this.submit(event, options, false)
  }

  /**
   * `emit(type, payload, init)`: builds the event and publishes it without waiting; a failure
   * (a malformed event, the bus not running, a full queue) is reported, never thrown.
   */
  emit(eventType: string, payload: unknown, init: Omit<EventInit<Payload>, 'eventType' | 'payload'> | undefined): void {
    const deadLetters = this.host.deadLetters
    let event: Event
    try {
      event = new Event({ ...init, eventType, payload: payload as Record<string, unknown> | undefined })
    } catch (error) {
      deadLetters.report(asBusError(error, 'emit failed'), 'emit failed')
      return
    }
    this.publish(event, undefined, 'emit').catch((error: unknown) => {
      deadLetters.report(asBusError(error, 'emit failed'), 'emit failed')
    })
  }

  /** `redeliver(deadLetter)`: its event again (a copy with a new id through a transport, see `Wiring.redelivery`). */
  redeliver(deadLetter: unknown, options: PublishOptions | undefined, wiring: Pick<Wiring, 'redelivery'>): Settlement {
    const event = typeof deadLetter === 'object' && deadLetter !== null ? (deadLetter as { event?: unknown }).event : undefined
    if (!(event instanceof Event)) {
      return Promise.reject(invalid('redeliver(deadLetter)', 'deadLetter.event', 'a dead letter from deadLetters$ (with an Event)', deadLetter))
    }
    const copy = (e: Event): Event => e.with({ id: null, metadata: { ...e.metadata, redeliveredFrom: e.id } })
    return this.publish(wiring.redelivery(event as Event, copy), options, 'publish')
  }

  /** `context.publish`: inherits correlation and traces, records causation, never waits for room. */
  publishFollowUp(cause: Event<object>, event: unknown, options: PublishOptions | undefined): Settlement {
    if (!this.host.lifecycle.accepting) return Promise.reject(new BusNotStartedError('context.publish'))
    if (!(event instanceof Event)) return this.submit(event, options, true)
    let followUp: Event<object>
    try {
      followUp = followUpOf(cause, event as Event<object>)
    } catch (error) {
      return Promise.reject(error)
    }
    return this.submit(followUp, options, true)
  }

  /** A follow-up the bus itself publishes (an `ErrorEvent`, a saga's output). */
  submitFollowUp(event: unknown): Settlement {
    return this.submit(event, undefined, true)
  }

  private submit(input: unknown, options: PublishOptions | undefined, fromHandler: boolean): Settlement {
    if (options !== undefined || !(input instanceof Event)) return this.submitChecked(input, options, fromHandler)
    // Built-in event classes freeze themselves; a subclass of yours should end its constructor
    // with Object.freeze(this) (no per-publish check: it would cost more than routing).
    if (fromHandler) {
      if (this.host.ledger.waiting >= this.followUpCap) return this.followUpOverflow(input as Event, false)
    } else if (this.host.ledger.full || this.size > 0) return this.overflowed(input as Event, false)
    return this.accept(input as Event, false)
  }

  /** `submit` with options, or with a value that is not an `Event` yet. */
  private submitChecked(input: unknown, options: PublishOptions | undefined, fromHandler: boolean): Settlement {
    let event: Event
    if (input instanceof Event) event = input as Event
    else if (typeof input !== 'object' || input === null) {
      return Promise.reject(invalid('publish(event)', 'event', 'an Event (or a plain object that decodes to one)', input))
    } else {
      try {
        event = parseEvent(input)
      } catch (error) {
        return Promise.reject(error)
      }
    }
    const waitFor: unknown = options?.waitFor // untrusted: publish is called from JavaScript too
    // The usual options pass without an allocation (`publish(e, { waitFor: 'handled' })` is a hot path).
    if ((waitFor !== undefined && waitFor !== 'accepted' && waitFor !== 'handled') || hasOtherKey(options)) return Promise.reject(badOptions(options))
    const waitHandled = waitFor === 'handled'
    if (fromHandler) {
      if (this.host.ledger.waiting >= this.followUpCap) return this.followUpOverflow(event, waitHandled)
    } else if (this.host.ledger.full || this.size > 0) return this.overflowed(event, waitHandled)
    return this.accept(event, waitHandled)
  }

  private overflowed(event: Event, waitHandled: boolean): Settlement {
    return OVERFLOW_POLICIES[this.overflow](this, event, waitHandled)
  }

  /**
   * A follow-up past the hard cap: follow-ups never wait for room (a handler waiting for the
   * queue it drains would deadlock), but past `FOLLOW_UP_CAP` times `maxQueueSize` waiting
   * events they are `'overflow'` dead letters (counted as dropped), with one warning a run.
   */
  private followUpOverflow(event: Event, waitHandled: boolean): Settlement {
    if (!this.warnedFollowUps) {
      this.warnedFollowUps = true
      this.host.logger.warn(
        { component: 'event-bus', eventType: event.eventType, waiting: this.host.ledger.waiting, cap: this.followUpCap },
        'handlers publish follow-ups faster than they are handled: past the cap, follow-ups are dead letters (overflow)',
      )
    }
    return this.dropNew(event, waitHandled)
  }

  /** `'reject'`: the publish rejects. */
  rejectNew(event: Event): Settlement {
    return Promise.reject(new QueueOverflowError(event.eventType, this.maxQueueSize))
  }

  /** `'drop-newest'`: the new event is a dead letter. */
  dropNew(event: Event, waitHandled: boolean): Settlement {
    this.host.metrics.record(OUTCOME.dropped)
    this.host.deadLetters.deadLetter(event, 'overflow', new QueueOverflowError(event.eventType, this.maxQueueSize), undefined, 0)
    return Promise.resolve(waitHandled ? { event, status: 'dead-letter', outcomes: [], ok: false } : undefined)
  }

  /** `'drop-oldest'`: the event waiting longest is a dead letter, the new one is accepted. */
  dropOldest(event: Event, waitHandled: boolean): Settlement {
    const oldest = this.host.ledger.takeOldest()
    if (oldest !== undefined) this.drop(oldest)
    return this.accept(event, waitHandled)
  }

  /** `'wait'`: the publish resolves once there is room. */
  waitForRoom(event: Event, waitHandled: boolean): Settlement {
    const settlers = this.settlers
    const promise = settlers.promise()
    ;(this.blocked ??= new BlockedQueue<Event, PublishResult | undefined>()).push(event, waitHandled, settlers.resolve, settlers.reject)
    return promise
  }

  private drop(rec: Tracked): void {
    const host = this.host
    host.ledger.dropped(rec)
    host.metrics.record(OUTCOME.dropped)
    host.deadLetters.deadLetter(rec.event, 'overflow', new QueueOverflowError(rec.event.eventType, this.maxQueueSize), undefined, 0)
    if (rec.remaining === 0) {
      rec.done = true
      rec.resolve?.({ event: rec.event, status: 'dead-letter', outcomes: rec.outcomes ?? [], ok: false })
      host.ledger.checkIdle()
    }
  }

  /** Admits blocked publishes while there is room (called when room was freed). */
  admit(): void {
    const blocked = this.blocked
    if (this.admitting || blocked === null || blocked.size === 0) return
    this.admitting = true
    try {
      while (!this.host.ledger.full && this.host.lifecycle.accepting) {
        const event = blocked.shift()
        if (event === undefined) break
        const resolve = blocked.resolve // read before accept: a handler it runs may stop the bus
        const reject = blocked.reject
        const accepted = this.accept(event, blocked.flag)
        if (accepted === RESOLVED) resolve(undefined)
        else accepted.then(resolve, reject)
      }
    } finally {
      this.admitting = false
    }
  }

  /** Stop: every blocked publish rejects with `BusNotStartedError`. */
  rejectBlocked(): void {
    const blocked = this.blocked
    this.blocked = null
    if (blocked !== null) for (let e = blocked.shift(); e !== undefined; e = blocked.shift()) blocked.reject(new BusNotStartedError('publish'))
  }

  private accept(event: Event, waitHandled: boolean): Settlement {
    if (this.tracer !== null) return this.acceptTraced(this.tracer, event, waitHandled)
    return this.enter(event, waitHandled)
  }

  /** `accept` in a producer span (its closure kept out of `accept`: V8 would allocate its context on every call). */
  private acceptTraced(tracer: BusTracer, event: Event, waitHandled: boolean): Settlement {
    return tracer.publish(event, (e) => this.enter(e, waitHandled))
  }

  /** A new record for an accepted event, fed to the pipeline. */
  private enter(event: Event, waitHandled: boolean): Settlement {
    const host = this.host
    // Sampled for the processing-time metrics (a clock read costs about as much as routing an event).
    const rec = new Tracked(event, this.timed ? host.sampler.sample() : null)
    let promise: Settlement = RESOLVED
    if (waitHandled || host.wiring.settlesEvery) {
      promise = host.wiring.settlement(rec, waitHandled) ?? RESOLVED
      if (rec.done) return promise
    }
    host.pipeline.next(rec)
    return promise
  }
}

type PolicyFn = (a: Admission, event: Event, waitHandled: boolean) => Settlement

/** The overflow policies: what a publish does when `maxQueueSize` events wait. */
const OVERFLOW_POLICIES: Readonly<Record<OverflowPolicy, PolicyFn>> = Object.freeze({
  reject: (a, event) => a.rejectNew(event),
  'drop-newest': (a, event, waitHandled) => a.dropNew(event, waitHandled),
  'drop-oldest': (a, event, waitHandled) => a.dropOldest(event, waitHandled),
  wait: (a, event, waitHandled) => a.waitForRoom(event, waitHandled),
})

function invalid(subject: string, path: string, expected: string, actual: unknown): EventValidationError {
  return new EventValidationError(subject, [{ path, expected, actual: renderValue(actual) }])
}

/** True when `options` has a key `publish` does not know (no allocation). */
function hasOtherKey(options: PublishOptions | undefined): boolean {
  for (const key in options) if (key !== 'waitFor') return true
  return false
}

/** The error for malformed publish options: every unknown key (with a "did you mean") and a bad `waitFor`. */
function badOptions(options: PublishOptions | undefined): EventValidationError {
  const issues: ValidationIssue[] = []
  checkKeys(options, OPTION_KEYS.publish, 'options', issues)
  const waitFor: unknown = options?.waitFor
  if (waitFor !== undefined && waitFor !== 'accepted' && waitFor !== 'handled') {
    issues.push({ path: 'options.waitFor', expected: "'accepted' or 'handled'", actual: renderValue(waitFor) })
  }
  return new EventValidationError('publish(event, options)', issues)
}
