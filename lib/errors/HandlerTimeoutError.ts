import { EventBusError } from './EventBusError'

/**
 * The outcome of a handler still running when its `timeoutMs` (or the bus's
 * `defaultTimeoutMs`) ran out. Its slot is freed; the handler's late result is ignored.
 *
 * @category errors
 * @since 0.1.0
 */
export class HandlerTimeoutError extends EventBusError {
  /** Always `'HandlerTimeoutError'`, so errors can be told apart after serialization. */
  override readonly name = 'HandlerTimeoutError'

  /**
   * @param handler The subscription's name.
   * @param eventType The type of the event it was handling.
   * @param eventId The id of that event.
   * @param timeoutMs The limit that ran out.
   */
  constructor(
    readonly handler: string,
    readonly eventType: string,
    readonly eventId: string,
    readonly timeoutMs: number,
  ) {
    super(`handler '${handler}' timed out after ${timeoutMs} ms on '${eventType}' (id ${eventId}); ` + `make it faster, or raise its 'timeoutMs' option`)
  }
}
