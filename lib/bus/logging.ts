import type { Event } from '../events/Event'
import { escapeControl } from '../internal/render'
import type { Logger } from './types'

/**
 * @internal The user's logger as the bus calls it: a method that throws is ignored (a failing
 * logger must not fail a publish, lose a dead letter or leave `drain()` pending), and the call
 * never reaches the logger twice. Made once per bus.
 */
export function guardLogger(logger: Logger): Logger {
  const guard =
    (level: keyof Logger) =>
    (fields: object, message?: string): void => {
      try {
        logger[level](fields, message)
      } catch {
        // nothing better to do with a logger that throws than not to log
      }
    }
  return Object.freeze({ debug: guard('debug'), info: guard('info'), warn: guard('warn'), error: guard('error') })
}

/** @internal An event's fields for the bus's own log lines: type and ids (escaped), never the payload. */
export function eventFields(event: Event): { eventType: string; eventId: string; correlationId: string | null } {
  const correlationId = event.correlationId ?? null
  return { eventType: event.eventType, eventId: escapeControl(event.id), correlationId: correlationId === null ? null : escapeControl(correlationId) }
}
