import type { SchedulerLike } from 'rxjs'
import type { Ledger } from '../bus/Ledger'
import type { DeadLetterReason, EventHandler, HandlerContext, RetryPolicy } from '../bus/types'
import type { Event } from '../events/Event'
import type { HandlerStats } from '../metrics/HandlerStats'
import type { MetricsScan } from '../metrics/MetricsScan'
import type { Tracked } from '../pipeline/Tracked'
import type { TracerSlot } from './tracing'

/** @internal What every subscription's dispatch needs from its bus. */
export interface DispatchHost extends TracerSlot {
  readonly scheduler: SchedulerLike
  readonly ledger: Ledger
  readonly metrics: MetricsScan
  /** Under a virtual scheduler: every failed call is timed. */
  readonly collectAllTimes: boolean
  /** The bus clock, ms. */
  now(): number
  /** A handler's context. */
  context(rec: Tracked, handler: string, attempt: number): CallContext
  /** A call abandoned by `stop()` ended after the deadline (`failed`: it threw or rejected). */
  lateEnd(rec: Tracked, handler: string, failed: boolean): void
}

/** @internal A handler's context as the dispatch holds it: the bus can abort the attempt. */
export interface CallContext extends HandlerContext {
  /** The bus gave up on the attempt: its `signal` fires and its follow-ups reject with `reason`. */
  abort(reason: Error): void
}

/**
 * @internal What a final handler failure becomes: in process, a dead letter; with a transport, a
 * redelivery request while the subscription's retries last, then a dead letter before the ack.
 */
export interface FailurePolicy {
  /** Returns false when the failure is not final (the broker will deliver the event again). */
  handlerFailed(rec: Tracked, handler: string, error: unknown, reason: DeadLetterReason, attempts: number): boolean
}

/** @internal The options of one subscription's dispatch, checked and defaulted. */
export interface DispatchOptions {
  readonly handler: EventHandler
  readonly name: string
  /** The types and patterns subscribed to (for `unsubscribe(type, handler)`). */
  readonly keys: readonly string[]
  /** The subscription's number (deliveries go out in this order). */
  readonly seq: number
  readonly concurrency: number
  /** 0: no timeout. */
  readonly timeoutMs: number
  /** In-process retries (null with a transport: the broker redelivers). */
  readonly retry: RetryPolicy | null
  readonly stats: HandlerStats | null
  readonly orderBy: ((event: Event) => unknown) | null
  readonly failure: FailurePolicy
}
