import type { Observable, OperatorFunction } from 'rxjs'
import type { RetryPolicy } from '../bus/types'
import type { TransportStatus } from '../bus/transport'
import type { FailurePolicy } from '../dispatch/DispatchHost'
import type { SettleSubscriber } from '../dispatch/settle'
import type { PublishResult } from '../bus/types'
import type { Tracked } from '../pipeline/Tracked'
import type { SubscribeFrom } from '../history/HistoryOptions'

/** @internal What a subscription asks of the wiring. */
export interface SourceOptions {
  readonly name: string
  readonly group: string | undefined
  readonly concurrency: number
  readonly timeoutMs: number
  readonly retry: RetryPolicy | null
  /** Where a consumer starts (with a transport). */
  readonly from?: SubscribeFrom
}

/** @internal One subscription's ends, as the wiring joins them. */
export interface SubscriptionEnds {
  /** Where its records come from. */
  readonly source$: Observable<Tracked>
  /** What a final handler failure becomes. */
  readonly failure: FailurePolicy
  /** The end of its chain. */
  readonly settle: SettleSubscriber
  /** Retries in process (null: the broker redelivers). */
  readonly retry: RetryPolicy | null
}

/**
 * @internal How the bus is joined up, picked once in the constructor: in process (the pipeline
 * ends with `routeTo`, subscriptions read their routes) or through a transport (the pipeline ends
 * with `sendTo`, subscriptions consume from the broker and settle with ack, nak or a dead letter).
 * The bus itself has no transport branch.
 */
export interface Wiring {
  /** The end of the pipeline. */
  end(): OperatorFunction<Tracked, never>
  /** Joins a subscription. */
  subscription(keys: readonly string[], options: SourceOptions): SubscriptionEnds
  /** True when every publish waits for its settlement (a broker acknowledges each). */
  readonly settlesEvery: boolean
  /** What `publish` returns for a record someone waits for; sets `rec.done` when it refuses. */
  settlement(rec: Tracked, waitHandled: boolean): Promise<PublishResult | undefined> | null
  /** `redeliver`'s copy of a dead letter's event (a new id with a transport, whose broker drops repeated ids). */
  redelivery<E extends { readonly id: string }>(event: E, copy: (event: E) => E): E
  /** Connects (`start()`); null when there is nothing to wait for. */
  connect(): Promise<void> | null
  /** Opens the subscriptions' consumers, once the bus runs (`start()`, after `connect`). */
  open(): Promise<void>
  /** Stops taking new messages (first step of `stop()`). */
  pause(): void
  /** Closes within what is left of `stop`'s deadline. */
  close(deadline: number): Promise<void>
  /** Resolves when every subscription is live. */
  ready(): Promise<void>
  /** The transport's state, if any. */
  status(): TransportStatus | undefined
}
