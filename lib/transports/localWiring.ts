import type { OperatorFunction } from 'rxjs'
import type { PublishResult } from '../bus/types'
import type { DeadLetters } from '../bus/deadLetters'
import { SettlerCapture } from '../internal/SettlerCapture'
import type { FailurePolicy } from '../dispatch/DispatchHost'
import { SettleSubscriber, type SettleHost } from '../dispatch/settle'
import type { Tracked } from '../pipeline/Tracked'
import { type RouteHost, routeTo } from '../routing/routeTo'
import type { RouteTable } from '../routing/RouteTable'
import type { SourceOptions, SubscriptionEnds, Wiring } from './Wiring'

const RESOLVED: Promise<void> = Promise.resolve()

/**
 * @internal The in-process wiring: the pipeline ends with `routeTo(table)`; a subscription's
 * source is its routes; a final failure is a dead letter.
 */
export class LocalWiring implements Wiring {
  readonly settlesEvery = false
  private readonly failure: FailurePolicy
  /** One settle for every subscription (the end of each chain). */
  private readonly settle: SettleSubscriber
  /** No closure per awaited publish. */
  private readonly settlers = new SettlerCapture<PublishResult | undefined>()

  constructor(
    private readonly table: RouteTable,
    private readonly routeHost: RouteHost,
    settleHost: SettleHost,
    deadLetters: DeadLetters,
  ) {
    this.settle = new SettleSubscriber(settleHost)
    this.failure = {
      handlerFailed: (rec, handler, error, reason, attempts) => {
        void deadLetters.handlerFailed(rec.event, handler, error, reason, attempts)
        return true
      },
    }
  }

  end(): OperatorFunction<Tracked, never> {
    return routeTo(this.table, this.routeHost)
  }

  subscription(keys: readonly string[], options: SourceOptions): SubscriptionEnds {
    return { source$: this.table.route$(keys), failure: this.failure, settle: this.settle, retry: options.retry }
  }

  settlement(rec: Tracked): Promise<PublishResult | undefined> {
    rec.outcomes = []
    const promise = this.settlers.promise()
    rec.resolve = this.settlers.resolve
    return promise
  }

  redelivery<E>(event: E): E {
    return event
  }

  connect(): null {
    return null
  }

  open(): Promise<void> {
    return RESOLVED
  }

  pause(): void {
    // nothing to pause
  }

  close(): Promise<void> {
    return RESOLVED
  }

  ready(): Promise<void> {
    return RESOLVED
  }

  status(): undefined {
    return undefined
  }
}
