import { Event } from '../events/Event'
import type { HandlerContext, PublishOptions, PublishResult } from './types'

/** @internal Where a follow-up goes: admission, as a handler's publish (never waits for room). */
export interface FollowUpSink {
  publishFollowUp(cause: Event<object>, event: unknown, options: PublishOptions | undefined): Promise<PublishResult | undefined>
}

/**
 * @internal A handler's context: its name, attempt and delivery count, and `publish` for
 * follow-ups.
 */
export class Context implements HandlerContext {
  constructor(
    private readonly sink: FollowUpSink,
    private readonly cause: Event<object>,
    readonly handler: string,
    readonly attempt: number,
    readonly deliveryCount: number,
  ) {}

  publish(event: Event<object>, options?: PublishOptions): Promise<PublishResult | undefined> {
    return this.sink.publishFollowUp(this.cause, event, options)
  }
}

/**
 * @internal `event` as a follow-up of `cause`: its `correlationId` (unless it has one) and
 * `traceIds` inherited, `metadata.causationId` recorded.
 *
 * @throws what `Event.with` throws for a malformed follow-up.
 */
export function followUpOf(cause: Event<object>, event: Event<object>): Event<object> {
  const traceIds = cause.traceIds.length === 0 ? event.traceIds : [...new Set([...cause.traceIds, ...event.traceIds])]
  return event.with({
    correlationId: event.correlationId ?? cause.correlationId ?? null,
    traceIds,
    metadata: { ...event.metadata, causationId: cause.id },
  })
}

/** @internal True for an `Event` (or subclass). */
export function isEvent(value: unknown): value is Event<object> {
  return value instanceof Event
}
