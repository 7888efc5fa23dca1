import type { Observable } from 'rxjs'
import type { EventBusError } from '../errors/EventBusError'
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot'
import { assemble, type BusParts } from './assemble'
import { resolveConfig } from './config'
import { BusView } from './observe'
import { type InteropHost, interopHost } from './interop'
import type { BusHealth, DeadLetter, DrainOptions, EventBusOptions, StopOptions, StopResult } from './types'

/**
 * The lifecycle and the read side of an {@link EventBus}: `start`, `stop`, `ready`, `drain`, the
 * hot streams (`events$`, `deadLetters$`, `errors$`, `metrics$`) and the reports (`getMetrics`,
 * `health`). Not built on its own: every member is reached through `EventBus`, which extends it.
 *
 * @category bus
 * @since 0.2.0
 */
export abstract class EventBusCore {
  /** @internal The bus's parts, made once by `assemble`. */
  protected readonly parts: BusParts
  /** @internal What the stream interop needs from the parts. */
  protected readonly interop: InteropHost
  /** @internal Metrics, health and drain, read from the parts. */
  protected readonly view: BusView

  /**
   * @param options See {@link EventBusOptions}; defaults in `DEFAULT_BUS_OPTIONS`.
   * @throws EventValidationError when an option is malformed.
   */
  constructor(options: EventBusOptions = {}) {
    const parts = (this.parts = assemble(resolveConfig(options)))
    this.view = new BusView(parts)
    this.interop = interopHost(parts)
  }

  // lifecycle

  /** True between `start()` and `stop()`. */
  get isRunning(): boolean {
    return this.parts.lifecycle.running
  }

  /**
   * Starts the bus (idempotent). A stopped bus can be started again; its subscriptions and
   * middleware are kept, its streams are new.
   */
  start(): Promise<void> {
    return this.parts.run.start()
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
    return this.parts.run.stop(options)
  }

  /**
   * Resolves when every subscription is live: with a transport, when each consumer exists on
   * the broker (subscribe before `start()`, or await this after subscribing, so that no event
   * published afterwards is missed); at once without a transport. Rejects with a
   * `TransportError` if a consumer could not be created.
   */
  ready(): Promise<void> {
    return this.parts.wiring.ready()
  }

  /**
   * Resolves when nothing is queued, in middleware, or running (now, if already so); with
   * `timeoutMs`, rejects after it with a `DrainTimeoutError` that says what still runs.
   */
  drain(options: DrainOptions = {}): Promise<void> {
    return this.view.drain(options)
  }

  // streams

  /** Events the bus could not deliver (hot; completes on `stop()`). */
  get deadLetters$(): Observable<DeadLetter> {
    return this.parts.lifecycle.streams.deadLetters$
  }

  /** Handler failures and other reported errors, as `EventBusError`s (hot; completes on `stop()`). */
  get errors$(): Observable<EventBusError> {
    return this.parts.lifecycle.streams.errors$
  }

  // metrics and health

  /**
   * Live snapshots: one at once, then every `metricsIntervalMs` on the bus's scheduler;
   * completes on `stop()`. One shared stream per run, derived by `scan` over the metrics
   * accumulator (which a reducer folds every outcome into).
   */
  get metrics$(): Observable<MetricsSnapshot> {
    return this.view.metrics$()
  }

  /** The current metrics snapshot: exact counts (right after `drain()` they include every handled event). */
  getMetrics(): MetricsSnapshot {
    return this.view.snapshot()
  }

  /** A readiness report for health checks. */
  health(): BusHealth {
    return this.view.health()
  }
}
