import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream'
import type { TransportSubscription } from '../../bus/transport'

/** @internal What a {@link NatsSubscription} needs of its transport when it closes. */
export interface NatsSubscriptionOwner {
  /** Deletes a consumer from the broker (a no-op once the connection is closed). */
  deleteConsumer(name: string): Promise<void>
  /** Drops a closed subscription from the transport's set. */
  forget(sub: NatsSubscription): void
}

/**
 * @internal One subscription of the NATS transport: its consumers (one per key) and the
 * messages it holds unsettled, which it keeps alive with `working()` every third of the
 * broker's ack wait (at least every 250 ms) until they are acked or naked.
 */
export class NatsSubscription implements TransportSubscription {
  /** Messages delivered to the bus and not yet acked or naked. */
  readonly unsettled = new Set<JsMsg>()
  private readonly consumers: { messages: ConsumerMessages; name: string; durable: boolean }[] = []
  private keepAlive: ReturnType<typeof setInterval> | null = null

  /**
   * @param owner The transport, told when the subscription closes.
   * @param ackWaitMs The broker's redelivery timer of this subscription's consumers.
   */
  constructor(
    private readonly owner: NatsSubscriptionOwner,
    ackWaitMs: number,
  ) {
    this.keepAlive = setInterval(
      () => {
        for (const m of this.unsettled) m.working()
      },
      Math.max(250, Math.floor(ackWaitMs / 3)),
    )
    ;(this.keepAlive as { unref?: () => void }).unref?.()
  }

  /** Adds the consumer `name` and its running `messages`. */
  add(messages: ConsumerMessages, name: string, durable: boolean): void {
    this.consumers.push({ messages, name, durable })
  }

  /** Stops every consumer from pulling new messages. */
  pause(): void {
    for (const c of this.consumers) c.messages.stop()
  }

  /** Stops pulling and keeping messages alive, deletes the consumers that are not a group's, and leaves the transport. */
  async close(): Promise<void> {
    this.pause()
    if (this.keepAlive !== null) clearInterval(this.keepAlive)
    this.keepAlive = null
    await Promise.all(this.consumers.filter((c) => !c.durable).map((c) => this.owner.deleteConsumer(c.name)))
    this.owner.forget(this)
  }
}
