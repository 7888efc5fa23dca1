import type { TransportSubscribeOptions } from '../../bus/transport'
import { randomUuid } from '../../internal/uuid'

// Subjects, stream names and consumer names of the NATS transport.

/** @internal The subject of `eventType` (or of a key or wildcard such as `>`) under `prefix`: `${prefix}.${eventType}`. */
export function subjectOf(prefix: string, eventType: string): string {
  return `${prefix}.${eventType}`
}

/** @internal The event type an inbound message's subject names: `subject` without `${prefix}.`. */
export function eventTypeOfSubject(prefix: string, subject: string): string {
  return subject.slice(prefix.length + 1)
}

/** @internal The stream that holds the dead letters of `stream`. */
export function deadLetterStreamOf(stream: string): string {
  return `${stream}_DLQ`
}

/**
 * @internal The consumer name of one key of a subscription: `${group}-${key}` for a group
 * (durable, shared by its members), `${name}-${key}-${random}` otherwise (one per subscription;
 * 8 hex digits of Web Crypto).
 */
export function consumerNameOf(key: string, options: Pick<TransportSubscribeOptions, 'name' | 'group'>): string {
  return options.group !== undefined
    ? `${consumerPart(options.group)}-${consumerPart(key)}`
    : `${consumerPart(options.name)}-${consumerPart(key)}-${randomUuid().slice(0, 8)}`
}

// internal

/** A name or key made legal in a consumer name (no wildcards, dots or spaces). */
function consumerPart(s: string): string {
  return s
    .replace(/\*/g, 'star')
    .replace(/>/g, 'all')
    .replace(/[^A-Za-z0-9_-]/g, '_')
}
