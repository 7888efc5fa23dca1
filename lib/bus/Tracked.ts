import type { Event } from '../events/Event'
import type { TypeStats } from '../metrics/MetricsRecorder'
import type { TransportDelivery } from './transport'
import type { HandlerOutcome, PublishResult, RetryPolicy } from './types'

/** @internal What a record handling an inbound transport message also carries. */
export class Inbound {
  /** A failure asked for redelivery; this delivery is not the event's end. */
  redelivering = false

  constructor(
    /** The inbound message (null once the dead-letter path acknowledged it). */
    public delivery: TransportDelivery | null,
    /** The subscription's retry policy (redelivery by the broker). */
    readonly retry: RetryPolicy | null,
    /** The subscription's recently finished event ids (to drop redeliveries). */
    readonly seen: Set<string>,
    /** Duplicate deliveries of in-flight events, by event id. */
    readonly inflight: Map<string, TransportDelivery[]>,
  ) {}
}

/**
 * @internal One accepted event on its way through the bus: how many handlers still owe it an
 * outcome, how many of its deliveries wait, and who waits for its handling.
 */
export class Tracked {
  /** How many deliveries have not finished. */
  remaining = 0
  /** How many deliveries wait in a subscription's queue. */
  waiting = 0
  /** A handler failed on it. */
  failed = false
  /** Finished, dropped, or abandoned at shutdown: later outcomes are ignored. */
  done = false
  /** Dropped by the overflow policy: subscriptions skip its queued deliveries. */
  dropped = false
  /** Its type's statistics (set when routed). */
  stats: TypeStats | null = null
  /** Collected outcomes, only when someone waits for handling. */
  outcomes: HandlerOutcome[] | null = null
  /** Resolves `publish(e, { waitFor: 'handled' })`. */
  resolve: ((result: PublishResult) => void) | null = null
  /** With a transport: settles `publish(e)` once the event is sent (or filtered, or dead-lettered). */
  sent: ((error?: Error) => void) | null = null
  /** With a transport: the inbound message this record handles (null in process: a smaller record). */
  inbound: Inbound | null = null

  constructor(
    /** The event (replaced by middleware that transforms it). */
    public event: Event,
    /**
     * Bus-clock time of acceptance, or null when this event is not timed (sampling). Null, not
     * -1: a field that only ever held numbers would get V8's double representation, and every
     * record would then allocate a heap number for it; a tagged field boxes only sampled times.
     */
    readonly acceptedAt: number | null,
  ) {}
}
