import type { Event } from '../events/Event'
import { closest } from '../internal/closest'
import { OUTCOME } from '../metrics/foldOutcome'
import type { MetricsScan } from '../metrics/MetricsScan'
import type { Pipeline } from '../pipeline/Pipeline'
import type { PipelineHost, Stage } from '../pipeline/Stage'
import { Tracked } from '../pipeline/Tracked'
import type { RouteSubject } from '../routing/RouteSubject'
import type { RouteHost } from '../routing/routeTo'
import type { DeadLetters } from './deadLetters'
import type { Ledger } from './Ledger'
import type { Lifecycle } from './Lifecycle'
import { eventFields } from './logging'
import type { Logger } from './types'

/** @internal What the ends of an event before its handlers need from the bus. */
export interface OutcomesHost {
  readonly ledger: Ledger
  readonly metrics: MetricsScan
  readonly deadLetters: DeadLetters
  readonly logger: Logger
  readonly lifecycle: Lifecycle
  now(): number
  /** The event types subscribed to (not patterns), for a "did you mean". */
  subscribedTypes(): Iterable<string>
}

/**
 * @internal How an event ends before it reaches a handler (filtered, failed in middleware,
 * unrouted), and what the pipeline and the routes report on the way: the host of the middleware
 * stages and of `routeTo`.
 */
export class Outcomes implements PipelineHost, RouteHost {
  /** Records held by an asynchronous `process` (for `stop`'s undelivered). */
  private readonly held = new Set<Tracked>()
  readonly ledger: Ledger
  private pipeline: Pipeline | null = null

  constructor(private readonly host: OutcomesHost) {
    this.ledger = host.ledger
  }

  /** The pipeline whose stages report here (set once it is built). */
  attach(pipeline: Pipeline): void {
    this.pipeline = pipeline
  }

  routed(event: Event): void {
    this.host.lifecycle.streams.event(event)
  }

  unrouted(rec: Tracked, route: RouteSubject, first: boolean): void {
    const { metrics, ledger } = this.host
    const at = rec.acceptedAt
    metrics.record({ kind: 'unrouted', stats: route.stats, at: rec.event.timestamp, ms: at === null ? null : this.host.now() - at })
    rec.done = true
    rec.resolve?.({ event: rec.event, status: 'unrouted', outcomes: [], ok: false }) // `waitFor: 'handled'` and no handler
    ledger.checkIdle()
    if (first) this.warnUnrouted(route.eventType)
  }

  /**
   * Once per type (until its subscriptions change): a misspelt or wrong-case type is the usual
   * cause, so the nearest subscribed type is named when one is close. A warning, unless a stream
   * consumer (`events$`, `on`) listens and no subscribed type is close: then it is a debug line.
   */
  private warnUnrouted(eventType: string): void {
    const { logger, lifecycle } = this.host
    const near = closest(eventType, this.host.subscribedTypes())
    if (near !== undefined) {
      logger.warn(
        { component: 'event-bus', eventType, nearest: near },
        `no subscription for this event type (did you mean '${near}'?); its events are counted as unrouted`,
      )
    } else if (lifecycle.streams.events.observed) {
      logger.debug({ component: 'event-bus', eventType }, 'no subscription for this event type; its events are counted as unrouted')
    } else {
      logger.warn({ component: 'event-bus', eventType }, 'no subscription for this event type and no stream listening; its events are counted as unrouted')
    }
  }

  filtered(rec: Tracked): void {
    this.host.metrics.record(OUTCOME.filtered)
    this.end(rec, 'filtered', true)
  }

  middlewareFailed(rec: Tracked, error: unknown): void {
    this.host.deadLetters.middlewareFailed(rec, error)
    this.end(rec, 'dead-letter', false)
  }

  asynchronous(stage: Stage): void {
    const m = stage.middleware
    const name = typeof m === 'function' ? m.name || '<anonymous operator>' : m.constructor.name
    this.host.logger.warn(
      { component: 'event-bus', middleware: name },
      "an operator middleware emits asynchronously: each event it delays ends as 'filtered' for waitFor: 'handled' and the metrics, " +
        'and goes on as a new event; do asynchronous work in a BaseMiddleware (process may return a Promise)',
    )
  }

  lateEvent(event: Event, stage: Stage): void {
    if (!this.host.lifecycle.accepting) {
      // A plain operator emitted after stop(): never silently lost.
      this.host.logger.warn({ component: 'event-bus', ...eventFields(event) }, 'middleware emitted an event after stop; sent to dead letters')
      this.host.deadLetters.deadLetter(event, 'shutdown', undefined, undefined, 0)
      return
    }
    this.resume(new Tracked(event, this.host.now()), stage)
  }

  resume(rec: Tracked, stage: Stage): void {
    this.pipeline?.resumeAfter(rec, stage)
  }

  asyncStarted(rec: Tracked): void {
    this.held.add(rec)
    this.ledger.pipelineEntered()
  }

  asyncEnded(rec: Tracked): void {
    this.held.delete(rec)
    this.ledger.pipelineLeft()
  }

  /** Takes the records held in middleware (stop). */
  takeHeld(): Tracked[] {
    const out = [...this.held]
    this.held.clear()
    return out
  }

  private end(rec: Tracked, status: 'filtered' | 'dead-letter', ok: boolean): void {
    rec.done = true
    rec.sent?.()
    rec.resolve?.({ event: rec.event, status, outcomes: [], ok })
    this.ledger.checkIdle()
  }
}
