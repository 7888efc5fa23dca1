import {
  asyncScheduler,
  defer,
  filter,
  firstValueFrom,
  interval,
  merge,
  type Observable,
  of,
  ReplaySubject,
  retry,
  scan,
  share,
  Subject,
  Subscription,
  takeUntil,
  tap,
  timer,
  timeout,
  type SchedulerLike,
} from 'rxjs'
import { BusNotStartedError } from '../errors/BusNotStartedError'
import { EventBusError } from '../errors/EventBusError'
import { HandlerError } from '../errors/HandlerError'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { QueueOverflowError } from '../errors/QueueOverflowError'
import { TransportError } from '../errors/TransportError'
import { DocumentEventTypes } from '../events/DocumentEventTypes'
import { DocumentEvent } from '../events/DocumentEvent'
import { ErrorEvent } from '../events/ErrorEvent'
import { Event, type EventInit, type Payload } from '../events/Event'
import { isEventTypeName } from '../events/fields'
import { parseEvent } from '../events/parseEvent'
import { escapeControl, renderValue } from '../internal/render'
import { BlockedQueue } from '../internal/BlockedQueue'
import { RingBuffer } from '../internal/RingBuffer'
import { BaseMiddleware } from '../middleware/BaseMiddleware'
import type { Middleware } from '../middleware/Middleware'
import { MetricsRecorder } from '../metrics/MetricsRecorder'
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot'
import { Dispatcher } from './Dispatcher'
import { boundedIterator, type BoundedIterator } from './iterate'
import { DEFAULT_BUS_OPTIONS } from './options'
import { compilePattern, isPattern } from './pattern'
import { BaseStage, OperatorStage, orderStages, type PipelineHost, type Stage } from './pipeline'
import { Router } from './Router'
import type { Transport, TransportDelivery, TransportSubscribeOptions, TransportSubscription } from './transport'
import { Inbound, Tracked } from './Tracked'
import type {
  AnyEventMap,
  BusHealth,
  DeadLetter,
  DeadLetterReason,
  EventBusOptions,
  EventFor,
  EventHandler,
  EventMap,
  HandlerContext,
  HandlerOutcome,
  Logger,
  OverflowPolicy,
  PublishOptions,
  PublishResult,
  RetryPolicy,
  StopOptions,
  StopResult,
  SubscribeOptions,
  TypeOrPattern,
} from './types'

const RESOLVED: Promise<undefined> = Promise.resolve(undefined)
/**
 * Timing is sampled adaptively: one event in `sampleMask + 1` is timed (processing time, handler
 * durations). The mask doubles while timed events come less than 1 ms apart, shrinks when they
 * come more than 10 ms apart, and drops back to 0 (time every event) 50 ms after it last grew, so
 * a bus that turns quiet is timed again at once. A quiet bus times every event; a busy one reads
 * the clock about a thousand times a second, whatever its rate. A clock read costs 80 ns here,
 * more than routing an event to a sync handler, and on virtual machines it is a system call that
 * slows the code after it too. Counts are never sampled.
 */
const SAMPLE_MIN_GAP_MS = 1
const SAMPLE_MAX_GAP_MS = 10
const SAMPLE_RESET_MS = 50
const SAMPLE_MAX_MASK = 65_535
const OVERFLOW_POLICIES: readonly OverflowPolicy[] = ['wait', 'reject', 'drop-oldest', 'drop-newest']

type State = 'stopped' | 'running' | 'stopping'

/** A shared Promise executor: no closure per blocked publish; read the settlers right after `new Promise`. */
let capturedResolve: (value: PublishResult | undefined) => void = () => undefined
let capturedReject: (error: unknown) => void = () => undefined
function captureSettlers(resolve: (value: PublishResult | undefined) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve
  capturedReject = reject
}

/** A handler's context: the cause, for follow-up events. */
class Context implements HandlerContext {
  constructor(
    private readonly bus: EventBus<EventMap>,
    private readonly cause: Event<object>,
    readonly handler: string,
    readonly attempt: number,
    readonly deliveryCount: number,
  ) {}

  publish(event: Event<object>, options?: PublishOptions): Promise<PublishResult | undefined> {
    return this.bus.publishFollowUp(this.cause, event, options)
  }
}

function allFulfilled(outcomes: readonly HandlerOutcome[]): boolean {
  for (const o of outcomes) if (o.status !== 'fulfilled') return false
  return true
}

function invalid(subject: string, path: string, expected: string, actual: unknown): EventValidationError {
  return new EventValidationError(subject, [{ path, expected, actual: renderValue(actual) }])
}

/**
 * A reactive, type-safe event bus. Events go through one pipeline: `publish` → middleware
 * (RxJS operators, by priority) → routing (a Map of type to subscriptions) → each
 * subscription's dispatch (at most `concurrency` handler calls at once, the rest waiting in a
 * bounded priority queue). Every handler call is isolated: a throw, a rejection, an
 * Observable error or a timeout is counted, logged, and sent to `deadLetters$`; the bus and
 * every other handler keep running.
 *
 * @example
 * const bus = new EventBus()
 * await bus.start()
 * bus.subscribe(DocumentEventTypes.PROCESSING_STARTED, (e) => console.log(e.eventType))
 * await bus.publish(new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId: 'd1' }))
 * await bus.stop()
 *
 * @typeParam M Maps event type names to event classes or payload types (see {@link EventMap}).
 * @category bus
 * @since 0.1.0
 */
export class EventBus<M extends EventMap = AnyEventMap> {
  private state: State = 'stopped'
  private readonly maxQueueSize: number
  private readonly overflow: OverflowPolicy
  private readonly defaultTimeoutMs: number
  private readonly logger: Logger
  private readonly metricsOn: boolean
  private readonly metricsIntervalMs: number
  private readonly errorEvents: boolean
  private readonly replayCount: number
  private readonly virtualTime: boolean
  /** @internal */
  readonly scheduler: SchedulerLike
  /** @internal Asynchronous handler calls and retry delays running (synchronous calls: `dispatching`). */
  inFlight = 0
  /**
   * Dispatch loops running: while one runs, a synchronous handler call may be on the stack.
   * Counted per event, not per call (a fan-out to ten handlers costs one increment, not ten).
   */
  private dispatching = 0
  /** Every subscription, and unsubscribed ones until their last call ends (for the in-flight gauge). */
  private readonly liveDispatchers = new Set<Dispatcher>()
  private readonly recorder = new MetricsRecorder()
  private readonly router = new Router(this.recorder)
  private stages: Stage[] = []
  private stageSeq = 0
  private subSeq = 0
  private anonymous = 0
  private readonly names = new Map<string, unknown>()
  private readonly nameCounters = new Map<string, number>()
  /** Accepted events with a delivery waiting in a subscription's queue (exact; `queueSize`). */
  private waitingCount = 0
  /** Only under `'drop-oldest'`: waiting events in the order they started waiting (stale entries skipped). */
  private oldestWaiting: RingBuffer<Tracked> | null = null
  private readonly pipelineAsync = new Set<Tracked>()
  private pipelineCount = 0
  private publishing = 0
  private readonly transport: Transport | null
  private readonly dedupeWindow: number
  private readonly remote = new Map<
    Dispatcher,
    {
      keys: readonly string[]
      options: TransportSubscribeOptions
      retry: RetryPolicy | null
      seen: Set<string>
      inflight: Map<string, TransportDelivery[]>
      sub: Promise<TransportSubscription | null> | null
    }
  >()
  private blocked: BlockedQueue<Event, PublishResult | undefined> | null = null
  private admitting = false
  private sampleCounter = 0
  private sampleMask = 0
  private sampleReset: ReturnType<typeof setTimeout> | null = null
  private lastSampleAt = Number.NEGATIVE_INFINITY
  private startedAt = Number.NaN
  private drainWaiters: (() => void)[] | null = null
  private stopping: Promise<StopResult> | null = null
  private eventsSubject!: Subject<Event>
  private deadLetterSubject!: Subject<DeadLetter>
  private errorSubject!: Subject<EventBusError>
  private stoppedSubject!: Subject<void>
  /** The streams above completed at the last stop: `start` makes new ones. */
  private streamsCompleted = false
  private readonly pipelineHost: PipelineHost
  private readonly clock: () => number

  /**
   * @param options See {@link EventBusOptions}; defaults in `DEFAULT_BUS_OPTIONS`.
   * @throws EventValidationError when an option is malformed.
   */
  constructor(options: EventBusOptions = {}) {
    const o = { ...DEFAULT_BUS_OPTIONS, ...options }
    const issues: ValidationIssue[] = []
    const check = (ok: boolean, path: string, expected: string, actual: unknown): void => {
      if (!ok) issues.push({ path, expected, actual: renderValue(actual) })
    }
    check(Number.isInteger(o.maxQueueSize) && o.maxQueueSize > 0, 'maxQueueSize', 'a whole number > 0', o.maxQueueSize)
    check(OVERFLOW_POLICIES.includes(o.overflow), 'overflow', `one of ${OVERFLOW_POLICIES.join(', ')}`, o.overflow)
    check(Number.isFinite(o.defaultTimeoutMs) && o.defaultTimeoutMs >= 0, 'defaultTimeoutMs', 'a number of ms >= 0', o.defaultTimeoutMs)
    check(Number.isFinite(o.metricsIntervalMs) && o.metricsIntervalMs > 0, 'metricsIntervalMs', 'a number of ms > 0', o.metricsIntervalMs)
    const logger: unknown = o.logger // options come from JavaScript too: check what is really there
    check(
      typeof logger === 'object' &&
        logger !== null &&
        ['debug', 'info', 'warn', 'error'].every((k) => typeof (logger as Record<string, unknown>)[k] === 'function'),
      'logger',
      'an object with debug, info, warn and error methods (console, pino, ...)',
      o.logger,
    )
    const replayCount = (o.replay as { readonly count?: number } | undefined)?.count ?? 0 // `replay: undefined` may be passed
    check(Number.isInteger(replayCount) && replayCount >= 0, 'replay.count', 'a whole number >= 0', replayCount)
    if (issues.length > 0) throw new EventValidationError('new EventBus(options)', issues)

    this.maxQueueSize = o.maxQueueSize
    this.overflow = o.overflow
    if (o.overflow === 'drop-oldest') this.oldestWaiting = new RingBuffer<Tracked>()
    this.defaultTimeoutMs = o.defaultTimeoutMs
    this.logger = o.logger
    this.metricsOn = o.metrics
    this.metricsIntervalMs = o.metricsIntervalMs
    this.errorEvents = o.errorEvents
    this.replayCount = replayCount
    this.transport = options.transport ?? null
    this.dedupeWindow = options.dedupeWindow ?? 10_000
    this.virtualTime = o.scheduler !== null
    this.scheduler = o.scheduler ?? asyncScheduler
    const perf = (globalThis as { performance?: { now(): number; timeOrigin?: number } }).performance
    const sched = this.scheduler
    this.clock = o.scheduler !== null ? () => sched.now() : perf !== undefined ? () => perf.now() : () => Date.now()
    this.createSubjects()

    this.pipelineHost = {
      advance: (rec, index) => {
        this.advance(rec, index)
      },
      filtered: (rec) => {
        this.filtered(rec)
      },
      middlewareFailed: (rec, error) => {
        this.middlewareFailed(rec, error)
      },
      lateEvent: (event, index) => {
        if (this.state === 'stopped') {
          // A plain operator emitted after stop(): never silently lost.
          this.logger.warn(
            { component: 'event-bus', eventType: event.eventType, eventId: event.id },
            'middleware emitted an event after stop; sent to dead letters',
          )
          this.deadLetter(event, 'shutdown', undefined, undefined, 0)
          return
        }
        this.pipelineCount++
        this.advance(new Tracked(event, this.clock()), index)
      },
      asyncStarted: (rec) => {
        this.pipelineAsync.add(rec)
      },
      asyncEnded: (rec) => {
        this.pipelineAsync.delete(rec)
      },
    }
  }

  // lifecycle

  /** True between `start()` and `stop()`. */
  get isRunning(): boolean {
    return this.state === 'running'
  }

  /**
   * Starts the bus (idempotent). A stopped bus can be started again; its subscriptions and
   * middleware are kept, its streams are new.
   */
  async start(): Promise<void> {
    if (this.state === 'running') return
    if (this.stopping !== null) await this.stopping
    if (this.streamsCompleted) this.createSubjects()
    if (this.transport !== null) {
      await this.transport.connect({
        invalid: (source, error) => {
          const placeholder = new Event({ eventType: 'transport.message.invalid', payload: { source: escapeControl(source).slice(0, 256) } })
          this.logger.warn(
            { component: 'event-bus', source: escapeControl(source), error: describe(error) },
            'undecodable inbound message sent to dead letters',
          )
          this.deadLetter(placeholder, 'invalid', error, undefined, 0)
        },
        error: (error, message) => {
          this.report(asBusError(error, message), message)
        },
      })
      this.state = 'running'
      await Promise.all([...this.remote.keys()].map((d) => this.openRemote(d)))
    }
    this.startedAt = this.clock()
    this.recorder.resetRate()
    this.state = 'running'
    this.logger.debug({ component: 'event-bus' }, 'event bus started')
  }

  /**
   * Stops intake (`publish` rejects with `BusNotStartedError`; handlers may still publish
   * follow-ups while draining), drains queued and running events until the deadline, then
   * completes `events$`, `deadLetters$`, `errors$` and `metrics$`.
   *
   * @param options `timeoutMs`: the drain deadline, default 30,000.
   * @returns `undelivered`: events queued or still running at the deadline (also sent to
   *   `deadLetters$` with reason `'shutdown'`), so the caller can persist them.
   */
  stop(options: StopOptions = {}): Promise<StopResult> {
    if (this.stopping !== null) return this.stopping
    if (this.state !== 'running') return Promise.resolve({ undelivered: [] })
    const timeoutMs = options.timeoutMs ?? DEFAULT_BUS_OPTIONS.stopTimeoutMs
    this.state = 'stopping'
    this.transport?.pause()
    const blocked = this.blocked
    this.blocked = null
    if (blocked !== null) for (let e = blocked.shift(); e !== undefined; e = blocked.shift()) blocked.reject(new BusNotStartedError('publish'))
    const deadline = this.scheduler.now() + timeoutMs
    const stopping = new Promise<StopResult>((resolve) => {
      let done = false
      const finish = (): void => {
        if (done) return
        done = true
        timer.unsubscribe()
        const result = this.finishStop()
        const transport = this.transport
        if (transport === null) resolve(result)
        else
          this.closeTransport(transport, deadline, () => {
            resolve(result)
          })
      }
      const timer = this.scheduler.schedule(finish, timeoutMs)
      void this.drain().then(finish)
    })
    this.stopping = stopping
    return stopping
  }

  /**
   * Closes the transport within what is left of `stop`'s deadline: a broker that is gone must
   * not hold `stop()` past `timeoutMs` (the close goes on in the background, and its failure is
   * logged).
   */
  private closeTransport(transport: Transport, deadline: number, done: () => void): void {
    let settled = false
    let late: { unsubscribe(): void } | null = null
    const settle = (): void => {
      if (settled) return
      settled = true
      late?.unsubscribe()
      done()
    }
    transport
      .close()
      .catch((error: unknown) => {
        this.logger.warn({ component: 'event-bus', error: describe(error) }, 'transport close failed')
      })
      .finally(settle)
    late = this.scheduler.schedule(
      () => {
        if (settled) return
        this.logger.warn({ component: 'event-bus', transport: transport.name }, 'transport did not close before the stop deadline; closing in the background')
        settle()
      },
      Math.max(0, deadline - this.scheduler.now()),
    )
  }

  private finishStop(): StopResult {
    const undelivered: Tracked[] = []
    const seen = new Set<Tracked>()
    const take = (rec: Tracked): void => {
      if (!rec.done && !seen.has(rec)) {
        seen.add(rec)
        undelivered.push(rec)
      }
    }
    for (const rec of this.pipelineAsync) take(rec)
    for (const d of this.router.dispatchers()) {
      for (const rec of d.inFlightEvents()) take(rec)
      for (const rec of d.takeWaiting()) take(rec)
    }
    this.waitingCount = 0
    this.oldestWaiting?.clear()
    this.pipelineAsync.clear()
    for (const rec of undelivered) {
      rec.done = true
      this.deadLetter(rec.event, 'shutdown', undefined, undefined, 0)
      rec.resolve?.({ event: rec.event, status: 'dead-letter', outcomes: rec.outcomes ?? [], ok: false })
    }
    this.state = 'stopped'
    this.stopping = null
    this.stoppedSubject.next()
    this.stoppedSubject.complete()
    this.streamsCompleted = true
    if (this.sampleReset !== null) {
      clearTimeout(this.sampleReset)
      this.sampleReset = null
      this.sampleMask = 0
    }
    this.eventsSubject.complete()
    this.deadLetterSubject.complete()
    this.errorSubject.complete()
    if (undelivered.length > 0) {
      this.logger.warn({ component: 'event-bus', undelivered: undelivered.length }, 'event bus stopped with undelivered events')
    }
    this.resolveDrainWaiters()
    return { undelivered: undelivered.map((r) => r.event) }
  }

  /**
   * Resolves when every subscription is live: with a transport, when each consumer exists on
   * the broker (subscribe before `start()`, or await this after subscribing, so that no event
   * published afterwards is missed); at once without a transport. Rejects with a
   * `TransportError` if a consumer could not be created.
   */
  async ready(): Promise<void> {
    const entries = [...this.remote.values()]
    const subs = await Promise.all(entries.map((r) => r.sub ?? Promise.resolve(null)))
    const failed = entries.filter((r, i) => r.sub !== null && subs[i] === null).map((r) => r.keys.join(', '))
    if (failed.length > 0) {
      throw new TransportError(this.transport?.name ?? 'transport', `could not open the consumers of ${failed.join('; ')}; see errors$ for the cause`)
    }
  }

  /** Resolves when nothing is queued, in middleware, or running (now, if already so). */
  drain(): Promise<void> {
    if (this.isIdle()) return RESOLVED as Promise<unknown> as Promise<void>
    return new Promise<void>((resolve) => {
      ;(this.drainWaiters ?? (this.drainWaiters = [])).push(resolve)
    })
  }

  private isIdle(): boolean {
    return (
      this.pipelineCount === 0 &&
      this.publishing === 0 &&
      this.waitingCount === 0 &&
      this.inFlight === 0 &&
      this.dispatching === 0 &&
      (this.blocked === null || this.blocked.size === 0)
    )
  }

  private checkIdle(): void {
    if (this.drainWaiters !== null && this.isIdle()) this.resolveDrainWaiters()
  }

  private resolveDrainWaiters(): void {
    const waiters = this.drainWaiters
    this.drainWaiters = null
    if (waiters !== null) for (const w of waiters) w()
  }

  // publishing

  /**
   * Publishes an event. Resolves when the event is accepted (queued), or, with
   * `{ waitFor: 'handled' }`, with every handler's outcome. A plain object is decoded with
   * the event codecs first.
   *
   * @param event An `Event` (or subclass), or a plain object that decodes to one.
   * @param options See {@link PublishOptions}.
   * @returns `undefined` once accepted, or a {@link PublishResult} with `waitFor: 'handled'`.
   *   Rejects with `BusNotStartedError` (not running), `EventValidationError` (not an event),
   *   or `QueueOverflowError` (queue full under the `'reject'` policy).
   */
  publish(event: Event<object>, options: PublishOptions & { readonly waitFor: 'handled' }): Promise<PublishResult>
  publish(event: Event<object>, options?: PublishOptions): Promise<PublishResult | undefined>
  publish(event: Event<object>, options?: PublishOptions): Promise<PublishResult | undefined> {
    if (this.state !== 'running') return Promise.reject(new BusNotStartedError('publish'))
    return this.submit(event, options, false)
  }

  /**
   * Builds an `Event` and publishes it without waiting: it never throws, and a rejection
   * (bad type, bus not running, queue full) is logged and sent to `errors$`, never left
   * unhandled.
   *
   * @param eventType The event type.
   * @param payload The payload.
   * @param init Other fields of the event (priority, correlationId, ...).
   */
  emit<K extends Extract<keyof M, string>>(eventType: K, payload?: PayloadOf<M[K]>, init?: Omit<EventInit<Payload>, 'eventType' | 'payload'>): void {
    let event: Event
    try {
      event = new Event({ ...init, eventType, payload: payload as Record<string, unknown> | undefined })
    } catch (error) {
      this.report(error as EventBusError, 'emit failed')
      return
    }
    const p = this.state === 'running' ? this.submit(event, undefined, false) : Promise.reject(new BusNotStartedError('emit'))
    if (p !== RESOLVED)
      p.catch((error: unknown) => {
        this.report(error as EventBusError, 'emit failed')
      })
  }

  /**
   * Publishes a dead letter's event again (the same event, same `id`, so idempotent handlers
   * can tell), for example after fixing what made its handler fail. With a transport it
   * publishes a copy with a new `id` and `metadata.redeliveredFrom` (the broker and the
   * subscriptions drop a repeated id).
   *
   * @param deadLetter A value emitted by `deadLetters$`.
   * @param options See {@link PublishOptions}.
   * @returns As `publish`.
   */
  redeliver(deadLetter: DeadLetter, options?: PublishOptions): Promise<PublishResult | undefined> {
    const untrusted: unknown = deadLetter // redeliver is called from JavaScript too
    if (typeof untrusted !== 'object' || untrusted === null || !((untrusted as { event?: unknown }).event instanceof Event)) {
      return Promise.reject(invalid('redeliver(deadLetter)', 'deadLetter.event', 'a dead letter from deadLetters$ (with an Event)', deadLetter))
    }
    const event = deadLetter.event
    if (this.transport !== null) {
      // The broker drops a second publish of an id within its duplicate window, and subscriptions
      // remember finished ids: across processes the retry is a copy with a new id that names the original.
      return this.publish(event.with({ id: null, metadata: { ...event.metadata, redeliveredFrom: event.id } }), options)
    }
    return this.publish(event, options)
  }

  /** @internal `context.publish`: inherit correlation and traces, record causation, never wait for room. */
  publishFollowUp(cause: Event<object>, event: Event<object>, options?: PublishOptions): Promise<PublishResult | undefined> {
    if (this.state === 'stopped') return Promise.reject(new BusNotStartedError('context.publish'))
    if (!(event instanceof Event)) return this.submit(event, options, true)
    const traceIds = cause.traceIds.length === 0 ? event.traceIds : [...new Set([...cause.traceIds, ...event.traceIds])]
    let followUp: Event<object>
    try {
      followUp = event.with({
        correlationId: event.correlationId ?? cause.correlationId ?? null,
        traceIds,
        metadata: { ...event.metadata, causationId: cause.id },
      })
    } catch (error) {
      return Promise.reject(error)
    }
    return this.submit(followUp, options, true)
  }

  // The hot path (submit → accept → route → dispatch → deliveryDone) is kept in small functions,
  // each with its rare branches in a method of its own: V8 inlines a function only under about
  // 460 bytes of bytecode, and a hot path it can inline runs up to twice as fast.

  private submit(input: unknown, options: PublishOptions | undefined, fromHandler: boolean): Promise<PublishResult | undefined> {
    if (options !== undefined || !(input instanceof Event)) return this.submitChecked(input, options, fromHandler)
    // Built-in event classes freeze themselves; a subclass of yours should end its constructor
    // with Object.freeze(this) (no per-publish check: it would cost more than routing).
    const event = input as Event
    if (!fromHandler && (this.waitingCount >= this.maxQueueSize || (this.blocked !== null && this.blocked.size > 0))) return this.overflowed(event, false)
    return this.accept(event, false)
  }

  /** `submit` with options, or with a value that is not an `Event` yet. */
  private submitChecked(input: unknown, options: PublishOptions | undefined, fromHandler: boolean): Promise<PublishResult | undefined> {
    let event: Event
    if (input instanceof Event) {
      event = input as Event
    } else {
      if (typeof input !== 'object' || input === null) {
        return Promise.reject(invalid('publish(event)', 'event', 'an Event (or a plain object that decodes to one)', input))
      }
      try {
        event = parseEvent(input)
      } catch (error) {
        return Promise.reject(error)
      }
    }
    let waitHandled = false
    if (options !== undefined) {
      const waitFor: unknown = options.waitFor // untrusted: publish is called from JavaScript too
      if (waitFor === 'handled') waitHandled = true
      else if (waitFor !== undefined && waitFor !== 'accepted') {
        return Promise.reject(invalid('publish(event, options)', 'options.waitFor', "'accepted' or 'handled'", waitFor))
      }
    }
    if (!fromHandler && (this.waitingCount >= this.maxQueueSize || (this.blocked !== null && this.blocked.size > 0))) {
      return this.overflowed(event, waitHandled)
    }
    return this.accept(event, waitHandled)
  }

  private overflowed(event: Event, waitHandled: boolean): Promise<PublishResult | undefined> {
    switch (this.overflow) {
      case 'reject':
        return Promise.reject(new QueueOverflowError(event.eventType, this.maxQueueSize))
      case 'drop-newest': {
        if (this.metricsOn) this.recorder.droppedEvents++
        this.deadLetter(event, 'overflow', new QueueOverflowError(event.eventType, this.maxQueueSize), undefined, 0)
        return Promise.resolve(waitHandled ? { event, status: 'dead-letter', outcomes: [], ok: false } : undefined)
      }
      case 'drop-oldest': {
        const oldest = this.takeOldestWaiting()
        if (oldest !== undefined) this.dropWaiting(oldest)
        return this.accept(event, waitHandled)
      }
      default: {
        const promise = new Promise<PublishResult | undefined>(captureSettlers)
        ;(this.blocked ?? (this.blocked = new BlockedQueue<Event, PublishResult | undefined>())).push(event, waitHandled, capturedResolve, capturedReject)
        return promise
      }
    }
  }

  /** Under `'drop-oldest'`: the waiting event that started waiting first, removed from the order. */
  private takeOldestWaiting(): Tracked | undefined {
    const order = this.oldestWaiting
    if (order === null) return undefined
    for (let rec = order.shift(); rec !== undefined; rec = order.shift()) {
      if (rec.waiting > 0 && !rec.dropped && !rec.done) return rec
    }
    return undefined
  }

  private dropWaiting(rec: Tracked): void {
    this.waitingCount--
    rec.dropped = true
    rec.remaining -= rec.waiting
    rec.waiting = 0
    if (this.metricsOn) this.recorder.droppedEvents++
    this.deadLetter(rec.event, 'overflow', new QueueOverflowError(rec.event.eventType, this.maxQueueSize), undefined, 0)
    if (rec.remaining === 0) {
      rec.done = true
      rec.resolve?.({ event: rec.event, status: 'dead-letter', outcomes: rec.outcomes ?? [], ok: false })
      this.checkIdle()
    }
  }

  private admitBlocked(): void {
    if (this.admitting) return
    this.admitting = true
    try {
      const blocked = this.blocked
      while (blocked !== null && this.waitingCount < this.maxQueueSize && this.state !== 'stopped') {
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

  private accept(event: Event, waitHandled: boolean): Promise<PublishResult | undefined> {
    // Sampled for the processing-time metrics (a clock read costs about as much as routing an event).
    const timed = this.metricsOn && (this.virtualTime || (++this.sampleCounter & this.sampleMask) === 0)
    const rec = new Tracked(event, timed ? this.sampleTime() : null)
    let promise: Promise<PublishResult | undefined> = RESOLVED
    if (waitHandled || this.transport !== null) {
      promise = this.settlementOf(rec, waitHandled)
      if (rec.done) return promise
    }
    if (this.stages.length === 0) {
      this.route(rec)
    } else {
      this.pipelineCount++
      this.stages[0].push(rec)
    }
    return promise
  }

  /** The clock, for a sampled event; adapts the sample rate (see `SAMPLE_MIN_GAP_MS`). */
  private sampleTime(): number {
    const now = this.clock()
    if (!this.virtualTime) {
      const gap = now - this.lastSampleAt
      if (gap < SAMPLE_MIN_GAP_MS) {
        if (this.sampleMask < SAMPLE_MAX_MASK) this.sampleMask = this.sampleMask * 2 + 1
        if (this.sampleReset === null) this.armSampleReset()
      } else {
        for (let g = gap; g > SAMPLE_MAX_GAP_MS && this.sampleMask > 0; g /= 2) this.sampleMask >>= 1
      }
      this.lastSampleAt = now
    }
    return now
  }

  /** In `SAMPLE_RESET_MS`, time every event again (an unref'd timer: it never keeps a process alive). */
  private armSampleReset(): void {
    const timer = setTimeout(() => {
      this.sampleReset = null
      this.sampleMask = 0
    }, SAMPLE_RESET_MS)
    ;(timer as { unref?: () => void }).unref?.()
    this.sampleReset = timer
  }

  /** What `publish` returns for an event someone waits for (handled, or sent to the broker); `rec.done` when refused. */
  private settlementOf(rec: Tracked, waitHandled: boolean): Promise<PublishResult | undefined> {
    if (this.transport !== null) {
      if (waitHandled) {
        rec.done = true
        return Promise.reject(
          new TransportError(
            this.transport.name,
            "publish(event, { waitFor: 'handled' }) is not available with a transport: handlers may run in other processes; await publish(event) for the broker's acknowledgement",
          ),
        )
      }
      return new Promise<undefined>((resolve, reject) => {
        rec.sent = (error?: Error) => {
          if (error === undefined) resolve(undefined)
          else reject(error)
        }
      })
    }
    rec.outcomes = []
    const promise = new Promise<PublishResult | undefined>(captureSettlers)
    rec.resolve = capturedResolve
    return promise
  }

  // pipeline callbacks

  private advance(rec: Tracked, index: number): void {
    const stages = this.stages
    if (index < stages.length) {
      stages[index].push(rec)
      return
    }
    this.pipelineCount--
    this.route(rec)
  }

  /**
   * Routes an event to its subscriptions. This function is the root of the dispatch's compiled
   * code: its rare branches (no subscription, a transport) stay in it, which keeps it above
   * V8's inlining limit (460 bytes of bytecode in Node 20), so V8 never inlines it into the
   * middleware upstream. Inlined there, the fan-out ran out of V8's inlining budget (920 bytes
   * per compiled function) and called the handler context and completion out of line: one
   * process in three ran S2 at 0.6× (docs/performance.md).
   */
  private route(rec: Tracked): void {
    const event = rec.event
    const transport = this.transport
    if (transport !== null) {
      this.sendRemote(rec, transport)
      return
    }
    // Router.route, inlined by hand: the last type's route is kept, so a run of one type skips the Map.
    const router = this.router
    const type = event.eventType
    let route = router.lastRoute
    if (route === null || type !== router.lastType) route = router.lookup(type)
    const stats = route.stats
    rec.stats = stats
    if (this.replayCount > 0 || this.eventsSubject.observed) this.eventsSubject.next(event)
    const subs = route.subs
    const n = subs.length
    if (n === 0) {
      if (this.metricsOn) {
        this.recorder.unroutedEvents++
        stats.count++
        stats.lastOccurrence = event.timestamp
        if (rec.acceptedAt !== null) this.recorder.timed(stats, this.clock() - rec.acceptedAt)
      }
      rec.done = true
      rec.resolve?.({ event, status: 'unrouted', outcomes: [], ok: true })
      this.checkIdle()
      if (route.unrouted++ === 0) {
        // Once per type (until its subscriptions change): a misspelt type is the usual cause.
        try {
          this.logger.debug({ component: 'event-bus', eventType: type }, 'no subscription for this event type; its events are counted as unrouted')
        } catch {
          // a logger that throws must not fail the publish
        }
      }
      return
    }
    rec.remaining = n
    this.dispatching++
    try {
      for (let i = 0; i < n; i++) {
        // Dispatcher.offer's free-slot check, inlined by hand: it counts in this function's own
        // size, not in the inlining budget its handler calls need.
        const d = subs[i]
        if (d.started - d.ended < d.concurrency && d.queued === 0 && d.orderBy === null && !d.closed) d.run(rec, 1)
        else d.offer(rec)
      }
    } finally {
      this.dispatching--
    }
    if (this.drainWaiters !== null) this.checkIdle()
  }

  /** With a transport, events go to the broker instead of the local subscriptions. */
  private sendRemote(rec: Tracked, transport: Transport): void {
    this.publishing++
    transport.publish(rec.event).then(
      () => {
        this.publishing--
        rec.done = true
        rec.sent?.()
        this.checkIdle()
      },
      (error: unknown) => {
        this.publishing--
        rec.done = true
        rec.sent?.(
          error instanceof TransportError
            ? error
            : new TransportError(transport.name, `publish('${rec.event.eventType}') failed: ${describe(error)}; retry the publish`, error),
        )
        this.checkIdle()
      },
    )
  }

  private filtered(rec: Tracked): void {
    this.pipelineCount--
    if (this.metricsOn) this.recorder.filteredEvents++
    rec.done = true
    rec.sent?.()
    rec.resolve?.({ event: rec.event, status: 'filtered', outcomes: [], ok: true })
    this.checkIdle()
  }

  private middlewareFailed(rec: Tracked, error: unknown): void {
    this.pipelineCount--
    rec.done = true
    rec.sent?.()
    if (this.metricsOn) this.recorder.totalErrors++
    const reason: DeadLetterReason = error instanceof EventValidationError ? 'invalid' : 'middleware-error'
    this.logger.error(
      { component: 'event-bus', eventType: rec.event.eventType, eventId: rec.event.id, correlationId: rec.event.correlationId, reason, error: describe(error) },
      'middleware failed; event sent to dead letters',
    )
    this.deadLetter(rec.event, reason, error, undefined, 0)
    rec.resolve?.({ event: rec.event, status: 'dead-letter', outcomes: [], ok: false })
    this.checkIdle()
  }

  // dispatch callbacks

  // transport

  private openRemote(d: Dispatcher): Promise<void> {
    const r = this.remote.get(d)
    const transport = this.transport
    if (r === undefined || transport === null) return RESOLVED as Promise<unknown> as Promise<void>
    r.sub = transport
      .subscribe(r.keys, r.options, (event, delivery) => {
        this.deliverRemote(d, r.retry, r.seen, r.inflight, event, delivery)
      })
      .catch((error: unknown) => {
        this.report(asBusError(error, `${transport.name}: subscribe(${r.keys.join(', ')}) failed`), 'transport subscribe failed')
        return null
      })
    return r.sub.then(() => undefined)
  }

  private deliverRemote(
    d: Dispatcher,
    retry: RetryPolicy | null,
    seen: Set<string>,
    inflight: Map<string, TransportDelivery[]>,
    event: Event,
    delivery: TransportDelivery,
  ): void {
    // Not acknowledged: the broker redelivers it (to this process after a restart, or another member).
    if (d.closed || this.state === 'stopped') return
    if (seen.has(event.id)) {
      delivery.ack() // a redelivery of an event this subscription already finished
      return
    }
    const twins = inflight.get(event.id)
    if (twins !== undefined) {
      // The same event again while its first delivery is still handled: settled with it.
      twins.push(delivery)
      return
    }
    inflight.set(event.id, [])
    const rec = new Tracked(event, this.clock())
    rec.stats = this.recorder.typeStats(event.eventType)
    rec.remaining = 1
    rec.inbound = new Inbound(delivery, retry, seen, inflight)
    if (this.replayCount > 0 || this.eventsSubject.observed) this.eventsSubject.next(event)
    this.dispatching++
    try {
      d.offer(rec)
    } finally {
      this.dispatching--
    }
    this.checkIdle()
  }

  /** The duplicate deliveries that arrived while `rec` was handled (now settled with it). */
  private twinsOf(rec: Tracked): TransportDelivery[] {
    const inflight = rec.inbound?.inflight
    if (inflight === undefined) return []
    const twins = inflight.get(rec.event.id) ?? []
    inflight.delete(rec.event.id)
    return twins
  }

  private remember(rec: Tracked): void {
    const seen = rec.inbound?.seen
    if (seen === undefined) return
    seen.add(rec.event.id)
    if (seen.size > this.dedupeWindow) {
      const oldest = seen.values().next()
      if (oldest.done !== true) seen.delete(oldest.value)
    }
  }

  /** @internal An asynchronous handler call or retry delay ended (after its follow-up dispatch). */
  asyncEnded(): void {
    this.inFlight--
    if (this.drainWaiters !== null) this.checkIdle()
  }

  /** @internal The bus clock (virtual under a TestScheduler), ms. */
  now(): number {
    return this.clock()
  }

  /** @internal A handler's context. */
  context(rec: Tracked, handler: string, attempt: number): HandlerContext {
    return new Context(this as unknown as EventBus<EventMap>, rec.event, handler, attempt, rec.inbound?.delivery?.deliveryCount ?? 1)
  }

  /** @internal A delivery started waiting. */
  onWaiting(rec: Tracked): void {
    this.waitingCount++
    const order = this.oldestWaiting
    if (order !== null) {
      order.push(rec)
      // Stale entries (started, dropped, done) are skipped when taken; compact when they pile up.
      if (order.size > 2 * Math.max(this.waitingCount, this.maxQueueSize) + 64) {
        for (const r of order.clear()) if (r.waiting > 0 && !r.dropped && !r.done) order.push(r)
      }
    }
  }

  /** @internal An event has no waiting delivery any more. */
  onNotWaiting(_rec: Tracked): void {
    this.waitingCount--
  }

  /** @internal An unsubscribed subscription's last call ended. */
  retired(d: Dispatcher): void {
    this.liveDispatchers.delete(d)
  }

  /** @internal A waiting event started or was cancelled: blocked publishes may take its room. */
  roomFreed(): void {
    if (this.blocked !== null && this.blocked.size > 0) this.admitBlocked()
  }

  /** @internal */
  deliveryDone(rec: Tracked, outcome: HandlerOutcome | null, failed: boolean, end: number): void {
    if (rec.done) {
      this.checkIdle()
      return
    }
    if (failed) rec.failed = true
    if (outcome !== null && rec.outcomes !== null) rec.outcomes.push(outcome)
    if (--rec.remaining > 0) return
    rec.done = true
    if (rec.inbound !== null && this.settleInbound(rec, rec.inbound, outcome)) return
    const stats = rec.stats
    if (this.metricsOn && stats !== null) {
      // The event is done: its type's counts (totals are summed over the types at snapshot time).
      stats.count++
      stats.lastOccurrence = rec.event.timestamp
      if (rec.failed) stats.errorCount++
      if (rec.acceptedAt !== null) this.recorder.timed(stats, (end >= 0 ? end : this.clock()) - rec.acceptedAt)
    }
    if (rec.resolve !== null) this.resolveHandled(rec, rec.resolve)
    if (this.drainWaiters !== null) this.checkIdle()
  }

  /** Acks (or naks) the inbound message of a finished record; true when the broker will redeliver it. */
  private settleInbound(rec: Tracked, inbound: Inbound, outcome: HandlerOutcome | null): boolean {
    const delivery = inbound.delivery
    if (delivery !== null && outcome !== null && outcome.status === 'cancelled') {
      // Unsubscribed before it ran: the broker gives it to another member (or to us again).
      delivery.nak(0)
      for (const twin of this.twinsOf(rec)) twin.nak(0)
      inbound.redelivering = true
    }
    if (delivery !== null && !inbound.redelivering) {
      delivery.ack()
      for (const twin of this.twinsOf(rec)) twin.ack()
      this.remember(rec)
    }
    if (inbound.redelivering) {
      this.checkIdle()
      return true
    }
    return false
  }

  private resolveHandled(rec: Tracked, resolve: (result: PublishResult) => void): void {
    const outcomes = rec.outcomes ?? []
    resolve({ event: rec.event, status: 'handled', outcomes, ok: allFulfilled(outcomes) })
  }

  /** @internal */
  handlerFailed(rec: Tracked, handler: string, error: unknown, reason: DeadLetterReason, attempts: number): boolean {
    const event = rec.event
    const inbound = rec.inbound
    const delivery = inbound === null ? null : inbound.delivery
    if (inbound !== null && delivery !== null) {
      const retry = inbound.retry
      attempts = delivery.deliveryCount
      if (retry !== null && attempts <= retry.count && this.state !== 'stopped') {
        // At least once: the broker redelivers after the delay (to this process or another).
        const delay = (retry.delayMs ?? 0) * (retry.backoff === 'exponential' ? 2 ** (attempts - 1) : 1)
        inbound.redelivering = true
        delivery.nak(delay)
        for (const twin of this.twinsOf(rec)) twin.nak(delay)
        this.logger.warn(
          { component: 'event-bus', handler, eventType: event.eventType, eventId: event.id, attempts, error: describe(error) },
          'handler failed; redelivery requested',
        )
        return false
      }
      if (retry !== null && retry.count > 0 && reason === 'handler-error') reason = 'retries-exhausted'
    }
    if (this.metricsOn) this.recorder.totalErrors++
    const wrapped: EventBusError = reason === 'timeout' ? (error as EventBusError) : new HandlerError(handler, event.eventType, event.id, error)
    this.logger.error(
      {
        component: 'event-bus',
        handler,
        eventType: event.eventType,
        eventId: event.id,
        correlationId: event.correlationId,
        reason,
        attempts,
        error: describe(error),
      },
      'handler failed; event sent to dead letters',
    )
    if (this.errorSubject.observed) this.errorSubject.next(wrapped)
    this.deadLetter(event, reason, error, handler, attempts)
    let errorEventSent: Promise<unknown> = RESOLVED
    if (this.errorEvents && event.metadata['generatedBy'] !== 'event-bus' && this.state !== 'stopped') {
      const errorEvent = new ErrorEvent({
        eventType: DocumentEventTypes.ERROR_OCCURRED,
        documentId: event instanceof DocumentEvent ? event.documentId : event.id,
        errorType: error instanceof Error ? error.name : 'HandlerError',
        errorMessage: wrapped.message,
        stackTrace: error instanceof Error ? (error.stack ?? null) : null,
        correlationId: event.correlationId ?? null,
        traceIds: event.traceIds,
        metadata: { causationId: event.id, generatedBy: 'event-bus', handler },
      })
      errorEventSent = this.submit(errorEvent, undefined, true).catch((e: unknown) => {
        this.report(e as EventBusError, 'error event not published')
      })
    }
    if (inbound !== null && delivery !== null && this.transport !== null) {
      const transport = this.transport
      const recorded = transport.deadLetter(event, reason, handler, error).catch((e: unknown) => {
        this.report(asBusError(e, `${transport.name}: dead letter not recorded`), 'dead letter not recorded')
      })
      // Acknowledge only once the dead letter and the ErrorEvent are on the broker: a crash
      // before that leaves the message unacknowledged, so it is delivered (and recorded) again.
      void Promise.all([recorded, errorEventSent]).then(() => {
        delivery.ack()
      })
      for (const twin of this.twinsOf(rec)) twin.ack()
      inbound.delivery = null // acknowledged by the dead-letter path, not by deliveryDone
      this.remember(rec)
    }
    return true
  }

  private deadLetter(event: Event, reason: DeadLetterReason, error: unknown, handler: string | undefined, attempts: number): void {
    if (this.metricsOn) this.recorder.deadLetters++
    if (!this.deadLetterSubject.observed) return
    const letter: { -readonly [K in keyof DeadLetter]: DeadLetter[K] } = { event, reason, attempts }
    if (error !== undefined) letter.error = error
    if (handler !== undefined) letter.handler = handler
    this.deadLetterSubject.next(Object.freeze(letter))
  }

  private report(error: EventBusError, message: string): void {
    this.logger.error({ component: 'event-bus', error: describe(error) }, message)
    if (this.errorSubject.observed) this.errorSubject.next(error)
  }

  // subscriptions

  /**
   * Subscribes a handler to an event type, a pattern (`document.*.started`, `document.>`), or
   * an array of them. Handlers may be sync or async (return a Promise or an Observable); each
   * subscription runs at most `concurrency` calls at once (default 1: in order).
   *
   * @param typeOrPattern What to receive.
   * @param handler Called as `handler(event, context)`.
   * @param options See {@link SubscribeOptions}.
   * @returns An RxJS `Subscription`: `unsubscribe()` stops deliveries; waiting ones are cancelled.
   * @throws EventValidationError for a bad type, handler or option.
   */
  subscribe<K extends TypeOrPattern<M>>(
    typeOrPattern: K | readonly K[],
    handler: EventHandler<EventFor<M, K>>,
    options: SubscribeOptions<EventFor<M, K>> = {},
  ): Subscription {
    const subject = 'subscribe(typeOrPattern, handler, options)'
    const keys: readonly string[] = typeof typeOrPattern === 'string' ? [typeOrPattern] : typeOrPattern
    const issues: ValidationIssue[] = []
    if (!Array.isArray(keys) || keys.length === 0) {
      issues.push({ path: 'typeOrPattern', expected: 'an event type, a pattern, or a non-empty array of them', actual: renderValue(typeOrPattern) })
    } else {
      keys.forEach((k, i) => {
        if (typeof k !== 'string' || (!isEventTypeName(k) && !isPattern(k))) {
          issues.push({
            path: keys.length === 1 ? 'typeOrPattern' : `typeOrPattern.${i}`,
            expected: 'an event type such as "document.processing.started", or a pattern',
            actual: renderValue(k),
          })
        } else if (isPattern(k)) {
          try {
            compilePattern(k)
          } catch (error) {
            issues.push(...(error as EventValidationError).issues.map((x) => ({ ...x, path: keys.length === 1 ? 'typeOrPattern' : `typeOrPattern.${i}` })))
          }
        }
      })
    }
    if (typeof handler !== 'function')
      issues.push({ path: 'handler', expected: 'a function (event, context) => void | Promise | Observable', actual: renderValue(handler) })
    const concurrency = options.concurrency ?? 1
    if (!(concurrency === Infinity || (Number.isInteger(concurrency) && concurrency > 0))) {
      issues.push({ path: 'options.concurrency', expected: 'a whole number > 0 (or Infinity)', actual: renderValue(concurrency) })
    }
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs
    if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0))
      issues.push({ path: 'options.timeoutMs', expected: 'a number of ms >= 0', actual: renderValue(timeoutMs) })
    const retry = options.retry ?? null
    if (retry !== null) {
      if (!Number.isInteger(retry.count) || retry.count < 0)
        issues.push({ path: 'options.retry.count', expected: 'a whole number >= 0', actual: renderValue(retry.count) })
      if (retry.delayMs !== undefined && !(Number.isFinite(retry.delayMs) && retry.delayMs >= 0))
        issues.push({ path: 'options.retry.delayMs', expected: 'a number of ms >= 0', actual: renderValue(retry.delayMs) })
      const backoff: unknown = retry.backoff
      if (backoff !== undefined && backoff !== 'fixed' && backoff !== 'exponential')
        issues.push({ path: 'options.retry.backoff', expected: "'fixed' or 'exponential'", actual: renderValue(retry.backoff) })
    }
    if (options.group !== undefined && (typeof options.group !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(options.group)))
      issues.push({ path: 'options.group', expected: 'a name of letters, digits, _ and - (at most 64)', actual: renderValue(options.group) })
    if (options.orderBy !== undefined && typeof options.orderBy !== 'function')
      issues.push({ path: 'options.orderBy', expected: 'a key function (event) => key', actual: renderValue(options.orderBy) })
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name.length === 0))
      issues.push({ path: 'options.name', expected: 'a non-empty string', actual: renderValue(options.name) })
    if (issues.length > 0) throw new EventValidationError(subject, issues)

    const name = this.nameFor(handler, options.name)
    const d = new Dispatcher(
      this,
      handler as unknown as EventHandler,
      name,
      keys,
      ++this.subSeq,
      concurrency,
      timeoutMs,
      this.transport === null ? retry : null,
      this.metricsOn ? this.recorder.handlerStats(name) : null,
      this.virtualTime,
      (options.orderBy as ((event: Event) => unknown) | undefined) ?? null,
    )
    this.liveDispatchers.add(d)
    for (const k of keys as readonly string[]) {
      if (isPattern(k)) this.router.addPattern(k, d)
      else this.router.addExact(k, d)
    }
    if (this.transport !== null) {
      const group = options.group
      const maxInFlight = concurrency === Infinity ? 1024 : Math.min(1024, Math.max(concurrency * 2, 8))
      const transportOptions: TransportSubscribeOptions = group === undefined ? { name, maxInFlight, timeoutMs } : { name, group, maxInFlight, timeoutMs }
      this.remote.set(d, { keys, options: transportOptions, retry, seen: new Set(), inflight: new Map(), sub: null })
      if (this.state === 'running') void this.openRemote(d)
    }
    return new Subscription(() => {
      this.removeDispatcher(d)
    })
  }

  /**
   * Removes every subscription of `handler` to `eventType` (as given to `subscribe`).
   *
   * @returns How many subscriptions were removed.
   */
  unsubscribe(eventType: string, handler: EventHandler<never>): number {
    let removed = 0
    for (const d of this.router.dispatchers()) {
      if (d.handler === (handler as unknown) && d.keys.includes(eventType)) {
        this.removeDispatcher(d)
        removed++
      }
    }
    return removed
  }

  private removeDispatcher(d: Dispatcher): void {
    if (d.closed) return
    const r = this.remote.get(d)
    if (r !== undefined) {
      this.remote.delete(d)
      void r.sub
        ?.then((sub) => sub?.close())
        .catch((error: unknown) => {
          this.report(asBusError(error, 'transport unsubscribe failed'), 'transport unsubscribe failed')
        })
    }
    this.router.remove(d)
    d.close()
    this.checkIdle()
  }

  private nameFor(handler: unknown, explicit: string | undefined): string {
    if (explicit !== undefined) return explicit
    const fnName = typeof handler === 'function' ? handler.name : ''
    if (fnName === '' || fnName === 'anonymous') return `anonymous#${++this.anonymous}`
    const owner = this.names.get(fnName)
    if (owner === undefined || owner === handler) {
      this.names.set(fnName, handler)
      return fnName
    }
    // One counter per base name: naming stays O(1) however many functions share a name.
    let n = this.nameCounters.get(fnName) ?? 1
    while (this.names.has(`${fnName}#${++n}`)) {
      if (this.names.get(`${fnName}#${n}`) === handler) return `${fnName}#${n}`
    }
    this.nameCounters.set(fnName, n)
    this.names.set(`${fnName}#${n}`, handler)
    return `${fnName}#${n}`
  }

  // middleware

  /**
   * Adds a middleware: a `BaseMiddleware` instance or an RxJS operator over events. They run
   * in order of priority (lower first; operators have 0), then insertion.
   *
   * @throws EventValidationError when `middleware` is neither.
   */
  addMiddleware(middleware: BaseMiddleware | Middleware): this {
    let stage: Stage
    if (middleware instanceof BaseMiddleware) stage = new BaseStage(middleware, ++this.stageSeq, this.pipelineHost)
    else if (typeof middleware === 'function') stage = new OperatorStage(middleware, ++this.stageSeq, this.pipelineHost)
    else throw invalid('addMiddleware(middleware)', 'middleware', 'a BaseMiddleware instance or an RxJS operator (source$) => Observable<Event>', middleware)
    this.stages = orderStages([...this.stages, stage])
    return this
  }

  /**
   * Removes a middleware added earlier (the same instance or function).
   *
   * @returns True when it was found.
   */
  removeMiddleware(middleware: BaseMiddleware | Middleware): boolean {
    const stage = this.stages.find((s) => s.middleware === middleware)
    if (stage === undefined) return false
    stage.dispose()
    this.stages = orderStages(this.stages.filter((s) => s !== stage))
    return true
  }

  // streams and metrics

  /** Every event that passed the middleware, as handlers see it (hot; completes on `stop()`). */
  get events$(): Observable<Event> {
    return this.eventsSubject.asObservable()
  }

  /** Events the bus could not deliver (hot; completes on `stop()`). */
  get deadLetters$(): Observable<DeadLetter> {
    return this.deadLetterSubject.asObservable()
  }

  /** Handler failures and other reported errors, as `EventBusError`s (hot; completes on `stop()`). */
  get errors$(): Observable<EventBusError> {
    return this.errorSubject.asObservable()
  }

  /**
   * The events of a type or pattern, as a hot Observable.
   *
   * @param typeOrPattern An event type or a pattern.
   */
  on<K extends TypeOrPattern<M>>(typeOrPattern: K): Observable<EventFor<M, K>> {
    const matches = isPattern(typeOrPattern) ? compilePattern(typeOrPattern) : (t: string): boolean => t === typeOrPattern
    return this.events$.pipe(filter((e) => matches(e.eventType))) as unknown as Observable<EventFor<M, K>>
  }

  /**
   * A Promise of the next event of a type or pattern.
   *
   * @param typeOrPattern An event type or a pattern.
   * @param options `timeoutMs`: reject after this long; `filter`: only events it accepts.
   */
  once<K extends TypeOrPattern<M>>(
    typeOrPattern: K,
    options: { readonly timeoutMs?: number; readonly filter?: (event: EventFor<M, K>) => boolean } = {},
  ): Promise<EventFor<M, K>> {
    const accept = options.filter ?? ((): boolean => true)
    let source = this.on(typeOrPattern).pipe(filter((e) => accept(e)))
    if (options.timeoutMs !== undefined) source = source.pipe(timeout({ first: options.timeoutMs, scheduler: this.scheduler }))
    return firstValueFrom(source)
  }

  /**
   * A bounded `AsyncIterable` of the events of a type or pattern: at most `bufferSize`
   * (default 1,000) wait; on overflow the oldest is dropped and counted in `dropped`.
   * Ends when the bus stops, or on `break`.
   *
   * @example
   * for await (const e of bus.iterate('document.>', { bufferSize: 100 })) console.log(e.eventType)
   *
   * @param typeOrPattern An event type or a pattern.
   * @param options `bufferSize`: how many events may wait.
   */
  iterate<K extends TypeOrPattern<M>>(typeOrPattern: K, options: { readonly bufferSize?: number } = {}): BoundedIterator<EventFor<M, K>> {
    const bufferSize = options.bufferSize ?? 1000
    if (!Number.isInteger(bufferSize) || bufferSize < 1)
      throw invalid('iterate(typeOrPattern, options)', 'options.bufferSize', 'a whole number > 0', bufferSize)
    return boundedIterator(this.on(typeOrPattern), bufferSize)
  }

  /**
   * Publishes every event of an Observable (as `publish` does, without waiting); a rejected
   * publish or an error of the source is reported on `errors$` and logged, never thrown.
   *
   * @param source$ The events to publish.
   * @returns The subscription to the source: unsubscribe to stop.
   */
  connect(source$: Observable<Event<object>>): Subscription {
    return source$.subscribe({
      next: (event) => {
        const p = this.state === 'running' ? this.submit(event, undefined, false) : Promise.reject(new BusNotStartedError('connect'))
        if (p !== RESOLVED)
          p.catch((error: unknown) => {
            this.report(error as EventBusError, 'connect: publish failed')
          })
      },
      error: (error: unknown) => {
        this.report(asBusError(error, 'connect: source failed'), 'connect: source failed')
      },
    })
  }

  /**
   * Runs a stream function over `events$` and publishes what it emits (like NestJS sagas and
   * redux-observable epics), as follow-ups that never wait for queue room. A saga that errors
   * is reported on `errors$` and subscribed again on the bus's scheduler: it never silently dies.
   *
   * @example
   * bus.saga((events$) => events$.pipe(ofType(DocumentEventTypes.OCR_COMPLETED), map((e) => nextStep(e))))
   *
   * @param saga A function from the bus's events to events to publish.
   * @returns The saga's subscription: unsubscribe to stop it.
   */
  saga(saga: (events$: Observable<EventFor<M, TypeOrPattern<M>>>) => Observable<Event<object>>): Subscription {
    if (typeof saga !== 'function') throw invalid('saga(saga)', 'saga', 'a function (events$) => Observable<Event>', saga)
    const run$ = defer(() => saga(this.events$ as unknown as Observable<EventFor<M, TypeOrPattern<M>>>)).pipe(
      tap({
        error: (error: unknown) => {
          this.report(asBusError(error, 'saga failed; resubscribing'), 'saga failed; resubscribing')
        },
      }),
      retry({ delay: () => timer(0, this.scheduler) }),
    )
    return run$.subscribe((event) => {
      if (this.state === 'stopped') return
      this.submit(event, undefined, true).catch((error: unknown) => {
        this.report(error as EventBusError, 'saga: publish failed')
      })
    })
  }

  /**
   * Live snapshots: one at once, then every `metricsIntervalMs` on the bus's scheduler;
   * completes on `stop()`. Derived by `scan` over the bus's in-place accumulators.
   */
  get metrics$(): Observable<MetricsSnapshot> {
    return this.metricsStream ?? (this.metricsStream = this.makeMetricsStream())
  }

  private metricsStream: Observable<MetricsSnapshot> | null = null

  private makeMetricsStream(): Observable<MetricsSnapshot> {
    return defer(() => {
      const stopped = this.stoppedSubject
      return merge(of(0), interval(this.metricsIntervalMs, this.scheduler)).pipe(
        takeUntil(stopped),
        scan((_previous: MetricsSnapshot | null) => this.getMetrics(), null),
        filter((s): s is MetricsSnapshot => s !== null),
      )
    }).pipe(share())
  }

  /** The current metrics snapshot: exact counts (right after `drain()` they include every handled event). */
  getMetrics(): MetricsSnapshot {
    // Running calls, exactly: summed over the subscriptions (a snapshot sums per handler anyway).
    let running = 0
    for (const d of this.liveDispatchers) running += d.active
    return this.recorder.snapshot(this.waitingCount, running, this.clock(), this.startedAt)
  }

  /** A readiness report for health checks. */
  health(): BusHealth {
    const queueFill = this.waitingCount / this.maxQueueSize
    const r = this.recorder
    const totals = r.totals()
    const transport = this.transport?.status()
    const health = {
      running: this.state === 'running',
      queueFill,
      errorRate: totals.events === 0 ? 0 : totals.errored / totals.events,
      deadLetters: r.deadLetters,
      healthy: this.state === 'running' && queueFill < 0.9 && (transport === undefined || transport.connected),
    }
    return transport === undefined ? health : { ...health, transport }
  }

  private createSubjects(): void {
    this.eventsSubject = this.replayCount > 0 ? new ReplaySubject<Event>(this.replayCount) : new Subject<Event>()
    this.deadLetterSubject = new Subject<DeadLetter>()
    this.errorSubject = new Subject<EventBusError>()
    this.stoppedSubject = new Subject<void>()
    this.streamsCompleted = false
    this.metricsStream = null
  }
}

/**
 * The payload type of an entry of an {@link EventMap}.
 *
 * @category bus
 * @since 0.1.0
 */
export type PayloadOf<V> = V extends Event<infer P> ? P : V

function asBusError(error: unknown, message: string): EventBusError {
  return error instanceof EventBusError ? error : new EventBusError(`${message}: ${describe(error)}`, { cause: error })
}

function describe(error: unknown): string {
  return escapeControl(error instanceof Error ? `${error.name}: ${error.message}` : renderValue(error, 200))
}
