import { EventBusError } from './EventBusError'
import { describeThrown } from '../internal/describeThrown'

/**
 * A handler failed (threw, rejected, or its Observable errored). Wraps the `cause` and names
 * the handler and the event, so a log line says where to look.
 *
 * @category errors
 * @since 0.1.0
 */
export class HandlerError extends EventBusError {
  /** Always `'HandlerError'`, so errors can be told apart after serialization. */
  override readonly name = 'HandlerError'

  /**
   * @param handler The subscription's name.
   * @param eventType The type of the event it was handling.
   * @param eventId The id of that event.
   * @param cause What the handler threw or rejected with.
   */
  constructor(
    readonly handler: string,
    readonly eventType: string,
    readonly eventId: string,
    cause: unknown,
  ) {
    super(
      `handler '${handler}' failed on '${eventType}' (id ${eventId}): ${describeThrown(cause)}; fix the handler, or give its subscription a 'retry' policy`,
      {
        cause,
      },
    )
  }
}
