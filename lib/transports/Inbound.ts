import type { RetryPolicy } from '../bus/types'
import type { TransportDelivery } from '../bus/transport'

/**
 * @internal The ids one subscription has finished (to ack redeliveries at once) and the duplicate
 * deliveries of the events it is handling (settled with the first), kept by `dedupeBy`.
 */
export class DedupeState {
  /** Recently finished event ids, oldest first (a Set keeps insertion order). */
  readonly seen = new Set<string>()
  /** Duplicate deliveries of in-flight events, by event id. */
  readonly inflight = new Map<string, TransportDelivery[]>()

  constructor(private readonly window: number) {}

  /** The duplicates that arrived while `id` was handled (now settled with it). */
  twinsOf(id: string): TransportDelivery[] {
    const twins = this.inflight.get(id) ?? []
    this.inflight.delete(id)
    return twins
  }

  /** `id` is finished: later deliveries of it are acked at once (the window is bounded). */
  remember(id: string): void {
    const seen = this.seen
    seen.add(id)
    if (seen.size > this.window) {
      const oldest = seen.values().next()
      if (oldest.done !== true) seen.delete(oldest.value)
    }
  }
}

/** @internal What a record handling an inbound transport message also carries. */
export class Inbound {
  /** A failure asked for redelivery; this delivery is not the event's end. */
  redelivering = false

  constructor(
    /** The inbound message (null once the dead-letter path acknowledged it). */
    public delivery: TransportDelivery | null,
    /** The subscription's retry policy (redelivery by the broker). */
    readonly retry: RetryPolicy | null,
    /** The subscription's dedupe state. */
    readonly dedupe: DedupeState,
  ) {}
}
