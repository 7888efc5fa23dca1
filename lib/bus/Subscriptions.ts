import type { Subscription } from 'rxjs'
import type { Event } from '../events/Event'
import type { DispatchHost } from '../dispatch/DispatchHost'
import { dispatch } from '../dispatch/dispatch'
import type { DispatchRegistry, DispatchSubscriber } from '../dispatch/DispatchSubscriber'
import type { MetricsScan } from '../metrics/MetricsScan'
import type { Tracked } from '../pipeline/Tracked'
import type { Wiring } from '../transports/Wiring'
import { EventValidationError } from '../errors/EventValidationError'
import type { HistorySource } from '../history/historyOf'
import { replayOf } from '../history/checkHistory'
import { replaySeam } from '../history/replaySeam'
import { selectFrom } from '../history/selectHistory'
import { isPattern } from '../routing/pattern'
import { checkSubscription } from './config'
import { HandlerNames } from './naming'
import type { EventHandler, SubscribeOptions } from './types'

/**
 * @internal The bus's subscriptions. Each is an observable chain, subscribed once:
 * `source$.pipe(dispatch(handler, options))` into its `settle`, where the wiring gives the
 * source (its routes, or a consumer on the broker), the failure policy and the settle.
 */
export class Subscriptions implements DispatchRegistry {
  /** Every subscription's dispatch, and closed ones until their last call ends (for in-flight and stop). */
  private readonly live = new Set<DispatchSubscriber>()
  private readonly names = new HandlerNames()
  private seq = 0
  /** The dispatch the last `subscribe` created. */
  private newest: DispatchSubscriber | null = null

  constructor(
    private readonly wiring: Wiring,
    private readonly host: DispatchHost,
    private readonly metrics: MetricsScan,
    private readonly defaultTimeoutMs: number,
    private readonly history: HistorySource,
  ) {}

  /** Subscribes a handler; see `EventBus.subscribe`. */
  subscribe(typeOrPattern: unknown, handler: EventHandler, options: SubscribeOptions<never>): Subscription {
    const { keys, concurrency, timeoutMs, retry } = checkSubscription(typeOrPattern, handler, options, this.defaultTimeoutMs)
    const name = this.names.nameFor(handler, options.name)
    const replay = replayOf(options.from)
    const { ring, transport } = this.history
    if (replay !== null && ring === null && transport === null) {
      const issue = {
        path: 'options.from',
        expected: 'history on the bus (new EventBus({ history: { maxEvents } })) or a transport',
        actual: 'no history kept',
      }
      throw new EventValidationError('subscribe(typeOrPattern, handler, options)', [issue])
    }
    const ends = this.wiring.subscription(keys, { name, group: options.group, concurrency, timeoutMs, retry, from: options.from })
    const source$ = replay === null || ring === null ? ends.source$ : replaySeam(ends.source$, () => selectFrom(ring.toArray(), keys, replay), this.host)
    const dispatchOptions = {
      handler,
      name,
      keys,
      seq: ++this.seq,
      concurrency,
      timeoutMs,
      retry: ends.retry,
      stats: this.metrics.handlerStats(name),
      orderBy: (options.orderBy as ((event: Event) => unknown) | undefined) ?? null,
      failure: ends.failure,
    }
    const before = this.newest
    source$.pipe(dispatch(this.host, dispatchOptions, this)).subscribe(ends.settle)
    const d = this.newest
    if (d === before || d === null) throw new Error('dispatch did not subscribe') // unreachable: subscribe is synchronous
    return d
  }

  /** A dispatch was created (during `subscribe`). */
  added(d: DispatchSubscriber): void {
    this.live.add(d)
    this.newest = d
  }

  /** A closed dispatch's last call ended: it counts in no metric any more (its name's statistics go with its last subscription). */
  retired(d: DispatchSubscriber): void {
    this.live.delete(d)
    this.metrics.release(d.name)
  }

  /** Removes every subscription of `handler` to `eventType` (as given to `subscribe`); how many. */
  unsubscribe(eventType: string, handler: unknown): number {
    let removed = 0
    for (const d of [...this.live]) {
      if (!d.isClosed && d.handler === handler && d.keys.includes(eventType)) {
        d.unsubscribe()
        removed++
      }
    }
    return removed
  }

  /** The oldest running call's age over every subscription, ms; `slow` once per call past `warnMs` (0: never). */
  oldestCall(now: number, warnMs: number, slow: (handler: string, rec: Tracked, ageMs: number) => void): number {
    let oldest = 0
    for (const d of this.live) oldest = Math.max(oldest, d.inspectCalls(now, warnMs, slow))
    return oldest
  }

  /** The event types (not patterns) of the open subscriptions. */
  types(): Set<string> {
    const out = new Set<string>()
    for (const d of this.live) if (!d.isClosed) for (const k of d.keys) if (!isPattern(k)) out.add(k)
    return out
  }

  /** Handler calls running, summed over the subscriptions (closed ones until their last call ends). */
  running(): number {
    let n = 0
    for (const d of this.live) n += d.active
    return n
  }

  /**
   * For `stop` at its deadline: the records still running or waiting, oldest first per
   * subscription; the queues are emptied and the running calls abandoned (their contexts
   * aborted, their timers cancelled: nothing of this run fires after `stop()`).
   */
  takeUnfinished(): Tracked[] {
    const out: Tracked[] = []
    for (const d of [...this.live]) {
      for (const rec of d.inFlightEvents()) out.push(rec)
      for (const rec of d.takeWaiting()) out.push(rec)
      d.abandonRunning()
    }
    return out
  }
}
