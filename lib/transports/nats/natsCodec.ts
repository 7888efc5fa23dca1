import type { JsMsg } from '@nats-io/jetstream'
import { EventValidationError } from '../../errors/EventValidationError'
import type { Event } from '../../events/Event'
import { parseEvent } from '../../events/parseEvent'
import type { ResolvedNatsTransportOptions } from './NatsTransportOptions'
import { eventTypeOfSubject } from './natsSubjects'

// What the NATS transport writes to and reads from the broker.

const encoder = new TextEncoder()

// encoders

/** @internal An event as the bytes of a message: its JSON. */
export function encodeEvent(event: Event): Uint8Array {
  return encoder.encode(JSON.stringify(event))
}

/** @internal A dead letter as the bytes of a message: `{ event, reason, handler, error, at }` as JSON. */
export function encodeDeadLetter(event: Event, reason: string, handler: string | undefined, error: unknown): Uint8Array {
  const body = { event, reason, handler: handler ?? null, error: describeError(error), at: Date.now() }
  return encoder.encode(JSON.stringify(body))
}

// decoders

/**
 * @internal Decodes an inbound message with the event codecs and checks that its `eventType`
 * is the one its subject names.
 * @throws EventValidationError (or `parseEvent`'s error) for an undecodable, oversized or misfiled message.
 */
export function decodeMessage(m: Pick<JsMsg, 'data' | 'subject'>, o: Pick<ResolvedNatsTransportOptions, 'subjectPrefix' | 'maxPayloadBytes'>): Event {
  const event = parseEvent(m.data, { maxPayloadBytes: o.maxPayloadBytes })
  const expected = eventTypeOfSubject(o.subjectPrefix, m.subject)
  if (event.eventType !== expected) {
    throw new EventValidationError('nats message', [{ path: 'eventType', expected: `'${expected}' (the subject)`, actual: JSON.stringify(event.eventType) }])
  }
  return event
}

// errors

/** @internal An error as one line of text for messages and dead letters: `Name: message`. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
