import type { JsMsg } from '@nats-io/jetstream'
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs'
import type { TransportSubscription } from '../../bus/transport'
import type { NatsPuller } from './NatsPuller'

/** @internal What a {@link NatsSubscription} needs of its transport when it closes. */
export interface NatsSubscriptionOwner {
  /** Deletes a consumer from the broker (a no-op once the connection is closed). */
  deleteConsumer(name: string): Promise<void>
  /** Drops a closed subscription from the transport's set. */
  forget(sub: NatsSubscription): void
}

/**
 * @internal One subscription of the NATS transport: its consumers (one per key, each pulled by
 * a {@link NatsPuller}) and the messages it holds unsettled, which it keeps alive with
 * `working()` every third of the broker's ack wait (at least every 250 ms, on the bus
 * scheduler) until they are acked or naked.
 */
export class NatsSubscription implements TransportSubscription {
  /** Messages delivered to the bus and not yet acked or naked. */
  readonly unsettled = new Set<JsMsg>()
  private readonly consumers: { puller: NatsPuller; name: string; durable: boolean }[] = []
  private keepAlive: Subscription | null

  /**
   * @param owner The transport, told when the subscription closes.
   * @param ackWaitMs The broker's redelivery timer of this subscription's consumers.
   * @param scheduler The bus's scheduler.
   */
  constructor(
    private readonly owner: NatsSubscriptionOwner,
    ackWaitMs: number,
    scheduler: SchedulerLike,
  ) {
    const period = Math.max(250, Math.floor(ackWaitMs / 3))
    const unsettled = this.unsettled
    this.keepAlive = scheduler.schedule(function (this: SchedulerAction<unknown>) {
      for (const m of unsettled) m.working()
      this.schedule(undefined, period)
    }, period)
  }

  /** Adds the consumer `name`, pulled by `puller` (started by the caller). */
  add(puller: NatsPuller, name: string, durable: boolean): void {
    this.consumers.push({ puller, name, durable })
  }

  /** The names of the consumers that stopped and wait for a restart. */
  stoppedConsumers(): string[] {
    return this.consumers.filter((c) => c.puller.stopped).map((c) => c.name)
  }

  /** Stops every consumer from pulling new messages. */
  pause(): void {
    for (const c of this.consumers) c.puller.stop()
  }

  /** Stops pulling and keeping messages alive, deletes the consumers that are not a group's, and leaves the transport. */
  async close(): Promise<void> {
    this.pause()
    this.keepAlive?.unsubscribe()
    this.keepAlive = null
    await Promise.all(this.consumers.filter((c) => !c.durable).map((c) => this.owner.deleteConsumer(c.name)))
    this.owner.forget(this)
  }
}
