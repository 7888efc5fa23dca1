import type { ObservableInput, SchedulerLike } from 'rxjs'
import type { Event } from '../events/Event'
import type { SubscribeFrom } from '../history/HistoryOptions'

/**
 * One message as a transport hands it to the bus: the bus acknowledges it after the handler
 * succeeds, asks for redelivery after a failure, and keeps it alive while it waits or runs.
 *
 * @category transport
 * @since 0.1.0
 */
export interface TransportDelivery {
  /** 1 for the first delivery, 2 for the first redelivery, ... */
  readonly deliveryCount: number
  /** The handler succeeded (or the event was dead-lettered): the broker may forget it. */
  ack(): void
  /** The handler failed: deliver again after `delayMs`. */
  nak(delayMs: number): void
  /** Still waiting or running: reset the broker's redelivery timer. */
  working(): void
}

/**
 * What a subscription asks of a transport.
 *
 * @category transport
 * @since 0.1.0
 */
export interface TransportSubscribeOptions {
  /** The subscription's name (metrics, consumer naming). */
  readonly name: string
  /** Consumer group: each event reaches one member of the group; none = every process gets every event. */
  readonly group?: string
  /** How many messages the subscription may hold at once (its concurrency, bounded). */
  readonly maxInFlight: number
  /** The handler's timeout, if any (the broker's redelivery timer is chosen from it). */
  readonly timeoutMs: number
  /** Where a new consumer starts (its deliver policy); default `'new'`. A group's durable consumer keeps its position after that. */
  readonly from?: SubscribeFrom
}

/**
 * A live subscription of a transport.
 *
 * @category transport
 * @since 0.1.0
 */
export interface TransportSubscription {
  /** Stops taking new messages (held ones stay unacknowledged until settled). */
  pause(): void
  /** Closes the consumer. */
  close(): Promise<void>
}

/**
 * What a transport reports back to the bus.
 *
 * @category transport
 * @since 0.1.0
 */
export interface TransportHost {
  /** An inbound message that could not be decoded (or was too large): a dead letter `'invalid'`. */
  invalid(source: string, error: unknown): void
  /** A transport-level failure to report (logged and sent to `errors$`). */
  error(error: unknown, message: string): void
  /** The bus's scheduler: the transport's timers (keep-alives, consumer restarts) run on it. */
  readonly scheduler: SchedulerLike
}

/**
 * A transport carries events between processes: `publish` writes to the broker, and each
 * subscription's messages come back through `deliver`. `@torematrix/event-bus/nats` has one
 * on NATS JetStream.
 *
 * @category transport
 * @since 0.1.0
 */
export interface Transport {
  /** For logs and errors, for example `'nats'`. */
  readonly name: string
  /** Connects (called by `bus.start()`). */
  connect(host: TransportHost): Promise<void>
  /** Writes one event; resolves when the broker acknowledged it. */
  publish(event: Event): Promise<void>
  /** Creates a consumer for these types or patterns and hands each decoded event to `deliver`. */
  subscribe(
    keys: readonly string[],
    options: TransportSubscribeOptions,
    deliver: (event: Event, delivery: TransportDelivery) => void,
  ): Promise<TransportSubscription>
  /** Records a dead letter on the broker (for example on a dead-letter subject). */
  deadLetter(event: Event, reason: string, handler: string | undefined, error: unknown): Promise<void>
  /** Stops every consumer from taking new messages (first step of `stop()`). */
  pause(): void
  /** Closes the connection (last step of `stop()`). */
  close(): Promise<void>
  /** Connection state, for `bus.health()`. */
  status(): TransportStatus
  /**
   * The past events of these types or patterns kept by the broker, oldest first, decoded (and
   * upcast) as inbound messages are; from `since` (epoch ms) when given. Optional: without it,
   * `bus.history$` is refused on a bus with this transport.
   */
  history?(keys: readonly string[], options: { readonly since?: number }): ObservableInput<Event>
}

/**
 * A transport's connection state.
 *
 * @category transport
 * @since 0.1.0
 */
export interface TransportStatus {
  /** True while connected to a server. */
  readonly connected: boolean
  /** For people: the server, `'reconnecting'`, `'closed'`, ... */
  readonly detail: string
  /**
   * The consumers that stopped and are being restarted (their subscriptions receive nothing
   * meanwhile); absent or empty when every consumer runs. `bus.health()` is unhealthy while
   * any is listed.
   */
  readonly stoppedConsumers?: readonly string[]
}
