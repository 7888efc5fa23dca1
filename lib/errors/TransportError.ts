import { EventBusError } from './EventBusError'

/**
 * A transport (for example NATS JetStream) could not connect, publish, or acknowledge.
 *
 * @category errors
 * @since 0.1.0
 */
export class TransportError extends EventBusError {
  /** Always `'TransportError'`, so errors can be told apart after serialization. */
  override readonly name = 'TransportError'

  /**
   * @param transport The transport's name, for example `'nats'`.
   * @param message What failed and what to do.
   * @param cause The client's error, if any.
   */
  constructor(
    readonly transport: string,
    message: string,
    cause?: unknown,
  ) {
    super(`${transport}: ${message}`, cause === undefined ? undefined : { cause })
  }
}
