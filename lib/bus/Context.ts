import { Event } from '../events/Event'
import type { Tracked } from '../pipeline/Tracked'
import type { EmitInit, HandlerContext, PublishOptions, PublishResult } from './types'

/** @internal Where a follow-up goes: admission, as a handler's publish (never waits for room). */
export interface FollowUpSink {
  publishFollowUp(cause: Event<object>, event: unknown, options: PublishOptions | undefined): Promise<PublishResult | undefined>
}

/**
 * @internal A handler's context: its name, attempt and delivery count, `publish` and `emit`
 * for follow-ups, and `signal`. An attempt that timed out or was abandoned by `stop()` is aborted:
 * its signal fires and its later publishes reject (a call the bus gave up on cannot add events).
 * The `AbortController` is made only when a handler reads `signal`.
 */
export class Context implements HandlerContext {
  /**
   * One field for the abort state (a context per call: its size matters): null while the attempt
   * runs and nobody read `signal`; the reason once aborted; the controller once `signal` was read.
   */
  private aborted: Error | AbortController | null = null

  constructor(
    private readonly sink: FollowUpSink,
    /** The delivery (its event is the cause of follow-ups): read, not copied (a context per call: its size matters). */
    private readonly rec: Tracked,
    readonly handler: string,
    readonly attempt: number,
  ) {}

  get deliveryCount(): number {
    return this.rec.inbound?.delivery?.deliveryCount ?? 1
  }

  get signal(): AbortSignal {
    const state = this.aborted
    if (state instanceof AbortController) return state.signal
    const c = new AbortController()
    if (state !== null) c.abort(state)
    this.aborted = c
    return c.signal
  }

  publish(event: Event<object>, options?: PublishOptions): Promise<PublishResult | undefined> {
    const state = this.aborted
    if (state !== null) {
      if (!(state instanceof AbortController)) return Promise.reject(state)
      if (state.signal.aborted) return Promise.reject(state.signal.reason as Error)
    }
    return this.sink.publishFollowUp(this.rec.event, event, options)
  }

  emit(eventType: string, payload?: object, init?: EmitInit): Promise<PublishResult | undefined> {
    let event: Event<object>
    try {
      event = new Event({ ...init, eventType, payload: payload as Record<string, unknown> | undefined })
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    return this.publish(event)
  }

  /** The bus gave up on this attempt (timeout, or `stop()`): `signal` fires, `publish` rejects with `reason`. Once. */
  abort(reason: Error): void {
    const state = this.aborted
    if (state === null) this.aborted = reason
    else if (state instanceof AbortController && !state.signal.aborted) state.abort(reason)
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
