import { EventBusError } from './EventBusError'

/**
 * The reason of a handler call that `stop()` gave up on: the drain deadline passed while the call
 * ran. Its event is in `stop()`'s `undelivered` (and a `'shutdown'` dead letter), its
 * `context.signal` is aborted with this error, and its follow-ups reject with it; if the call
 * ends later, that end is logged and counted apart, never as a success.
 *
 * @category errors
 * @since 0.2.0
 */
export class HandlerAbandonedError extends EventBusError {
  /** Always `'HandlerAbandonedError'`, so errors can be told apart after serialization. */
  override readonly name = 'HandlerAbandonedError'

  /**
   * @param handler The subscription's name.
   * @param eventType The type of the event it was handling.
   * @param eventId The id of that event.
   */
  constructor(
    readonly handler: string,
    readonly eventType: string,
    readonly eventId: string,
  ) {
    super(`handler '${handler}' was abandoned by stop() on '${eventType}' (id ${eventId}): the drain deadline passed while it ran; its event is undelivered`)
  }
}
