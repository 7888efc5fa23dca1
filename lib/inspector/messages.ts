import type { DeadLetter, DeadLetterReason } from '../bus/types'
import type { Event } from '../events/Event'
import type { EventPriority } from '../events/EventPriority'
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot'

// model

/**
 * An event as the page shows it: no payload unless the inspector was opened with `payloads: true`.
 *
 * @category inspector
 * @since 0.2.0
 */
export interface EventSummary {
  /** The event type. */
  readonly type: string
  /** The event id. */
  readonly id: string
  /** The correlation id, or null. */
  readonly correlationId: string | null
  /** Epoch ms. */
  readonly timestamp: number
  /** The priority. */
  readonly priority: EventPriority
  /** The payload as JSON (at most {@link MAX_PAYLOAD_CHARS} characters); only with `payloads: true`. */
  readonly payload?: string
}

/**
 * A dead letter as the page shows it.
 *
 * @category inspector
 * @since 0.2.0
 */
export interface DeadLetterSummary {
  /** Why the bus could not deliver it. */
  readonly reason: DeadLetterReason
  /** The event, summarized as in the event stream. */
  readonly event: EventSummary
  /** The handler concerned, or null. */
  readonly handler: string | null
  /** Calls made. */
  readonly attempts: number
  /** The error's name and message (at most {@link MAX_ERROR_CHARS} characters), or null. */
  readonly error: {
    /** The error's `name`. */
    readonly name: string
    /** The error's `message`, cut. */
    readonly message: string
  } | null
}

/**
 * One message of the inspector's Server-Sent Events stream (`kind` is the SSE event name).
 *
 * @category inspector
 * @since 0.2.0
 */
export type InspectorMessage =
  | {
      /** An event reached routing. */
      readonly kind: 'event'
      /** What the page shows of it. */
      readonly data: EventSummary
    }
  | {
      /** An event went to dead letters. */
      readonly kind: 'deadLetter'
      /** What the page shows of it. */
      readonly data: DeadLetterSummary
    }
  | {
      /** A metrics snapshot. */
      readonly kind: 'metrics'
      /** The snapshot, and how many events of its interval were not streamed (past the per-interval cap). */
      readonly data: {
        /** The bus's snapshot. */
        readonly snapshot: MetricsSnapshot
        /** Events of the interval not streamed. */
        readonly skippedEvents: number
      }
    }

/**
 * Longest payload shown, in characters (longer ones are cut and end with `…`).
 *
 * @category inspector
 * @since 0.2.0
 */
export const MAX_PAYLOAD_CHARS = 2_000

/**
 * Longest error message shown, in characters.
 *
 * @category inspector
 * @since 0.2.0
 */
export const MAX_ERROR_CHARS = 500

// constructors

/**
 * @internal The page's view of an event; the payload only when `payloads` is true.
 */
export function summarizeEvent(event: Event<object>, payloads: boolean): EventSummary {
  const summary: EventSummary = {
    type: event.eventType,
    id: event.id,
    correlationId: event.correlationId ?? null,
    timestamp: event.timestamp,
    priority: event.priority,
  }
  return payloads ? { ...summary, payload: payloadText(event.payload) } : summary
}

/** @internal The page's view of a dead letter. */
export function summarizeDeadLetter(letter: DeadLetter, payloads: boolean): DeadLetterSummary {
  return {
    reason: letter.reason,
    event: summarizeEvent(letter.event, payloads),
    handler: letter.handler ?? null,
    attempts: letter.attempts,
    error: letter.error === undefined ? null : errorSummary(letter.error),
  }
}

/** @internal One Server-Sent Events frame (`event:` and one `data:` line of JSON). */
export function sseFrame(message: InspectorMessage): string {
  return `event: ${message.kind}\ndata: ${JSON.stringify(message.data)}\n\n`
}

// helpers

function payloadText(payload: unknown): string {
  let text: string
  try {
    const json = JSON.stringify(payload) as string | undefined // undefined for undefined or a function
    text = json ?? String(payload)
  } catch {
    text = '[payload not serializable to JSON]'
  }
  return cut(text, MAX_PAYLOAD_CHARS)
}

function errorSummary(error: unknown): { readonly name: string; readonly message: string } {
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown }
    return { name: typeof name === 'string' ? cut(name, 100) : 'Error', message: typeof message === 'string' ? cut(message, MAX_ERROR_CHARS) : '' }
  }
  return { name: typeof error, message: cut(String(error), MAX_ERROR_CHARS) }
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
