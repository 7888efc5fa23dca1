import { EventBusError } from './EventBusError'

/**
 * Raised by `publish` under the `'reject'` overflow policy when `maxQueueSize` events already
 * wait. Nothing already accepted is lost; retry later or raise `maxQueueSize`.
 *
 * @category errors
 * @since 0.1.0
 */
export class QueueOverflowError extends EventBusError {
  /** Always `'QueueOverflowError'`, so errors can be told apart after serialization. */
  override readonly name = 'QueueOverflowError'

  /**
   * @param eventType The type of the event that was refused.
   * @param maxQueueSize The bound in force.
   */
  constructor(
    readonly eventType: string,
    readonly maxQueueSize: number,
  ) {
    super(
      `publish('${eventType}'): the queue is full (${maxQueueSize} events waiting) and the overflow policy is 'reject'; ` +
        `retry later, raise 'maxQueueSize', or choose overflow 'wait'`,
    )
  }
}
