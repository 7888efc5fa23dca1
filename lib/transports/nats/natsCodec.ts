import type { JetStreamPublishOptions, JsMsg } from '@nats-io/jetstream'
import * as natsClient from '@nats-io/transport-node'
import { EventValidationError } from '../../errors/EventValidationError'
import type { Event } from '../../events/Event'
import { encodeEvent as encodeWire } from '../../events/encodeEvent'
import { parseEvent } from '../../events/parseEvent'
import type { ResolvedNatsTransportOptions } from './NatsTransportOptions'
import { eventTypeOfSubject } from './natsSubjects'

// What the NATS transport writes to and reads from the broker.

const encoder = new TextEncoder()

// encoders

/** @internal An event as the bytes of a message: its JSON in the transport's wire format, with its type's schema version. */
export function encodeEvent(event: Event, o: Pick<ResolvedNatsTransportOptions, 'wireFormat' | 'schemaVersions'>): Uint8Array {
  return encoder.encode(JSON.stringify(encodeWire(event, { wireFormat: o.wireFormat, schemaVersions: o.schemaVersions })))
}

type MsgHdrs = JetStreamPublishOptions['headers']
/** The client's `headers()`: exported at run time; its types sit behind a subpath export that `moduleResolution: node` cannot see. */
const newHeaders = (natsClient as unknown as { readonly headers: () => MsgHdrs }).headers

/** @internal The W3C trace context an event carries in `metadata` (`./otel` puts it there) as message headers; undefined when none. */
export function traceHeaders(event: Event): MsgHdrs | undefined {
  const { traceparent, tracestate } = event.metadata
  if (typeof traceparent !== 'string') return undefined
  const h = newHeaders()
  h.set('traceparent', traceparent)
  if (typeof tracestate === 'string') h.set('tracestate', tracestate)
  return h
}

/** @internal A dead letter as the bytes of a message: `{ event, reason, handler, error, at }` as JSON. */
export function encodeDeadLetter(event: Event, reason: string, handler: string | undefined, error: unknown): Uint8Array {
  const body = { event, reason, handler: handler ?? null, error: describeError(error), at: Date.now() }
  return encoder.encode(JSON.stringify(body))
}

// decoders

/** @internal What decoding a message needs from the transport's options. */
export type DecodeOptions = Pick<ResolvedNatsTransportOptions, 'subjectPrefix' | 'maxPayloadBytes' | 'wireFormat' | 'schemaVersions'>

/**
 * @internal Decodes an inbound message with the event codecs and checks that its `eventType`
 * is the one its subject names.
 * @throws EventValidationError (or `parseEvent`'s error) for an undecodable, oversized or misfiled message.
 */
export function decodeMessage(m: Pick<JsMsg, 'data' | 'subject'>, o: DecodeOptions): Event {
  const event = parseEvent(m.data, { maxPayloadBytes: o.maxPayloadBytes, wireFormat: o.wireFormat, schemaVersions: o.schemaVersions })
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
