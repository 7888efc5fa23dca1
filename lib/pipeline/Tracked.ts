import type { Event } from '../events/Event'
import type { TypeStats } from '../metrics/TypeStats'
import type { Inbound } from '../transports/Inbound'
import type { HandlerOutcome, PublishResult } from '../bus/types'

/**
 * @internal One accepted event on its way down the chain (the value that flows through the
 * pipeline, the routes and the dispatches): how many handlers still owe it an outcome, how many
 * of its deliveries wait, and who waits for its handling.
 */
export class Tracked {
  /** How many deliveries have not finished. */
  remaining = 0
  /** How many deliveries wait in a subscription's queue. */
  waiting = 0
  /** A handler failed on it. */
  failed = false
  /** A delivery was cancelled (its subscription closed before it ran). */
  cancelled = false
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
