import type { Transport } from '../../bus/transport'
import { NatsTransportImpl } from './NatsTransportImpl'
import { validateNatsTransportOptions, type NatsTransportOptions } from './NatsTransportOptions'

// constructors

/**
 * A transport on NATS JetStream, for `new EventBus({ transport: natsTransport({ servers }) })`:
 * `publish` writes to a stream (deduplicated by event id) and resolves when the server
 * acknowledged; each subscription consumes through a pull consumer, durable and shared for a
 * `group`, its own otherwise; ack after the handler succeeds, nak with the retry delay after
 * a failure, dead letter (on `${deadLetterPrefix}.<type>`) and ack after the retry count.
 * Inbound messages are decoded with the event codecs: an undecodable or oversized one goes to
 * dead letters (`'invalid'`), never to a handler. Reconnects are automatic.
 *
 * @example
 * const bus = new EventBus({ transport: natsTransport({ servers: 'nats://127.0.0.1:4222' }) })
 * await bus.start()
 * bus.subscribe('document.processing.started', handler, { group: 'ocr-workers', retry: { count: 3, delayMs: 500 } })
 *
 * @param options See {@link NatsTransportOptions}.
 * @returns A `Transport`.
 * @category transport
 * @since 0.1.0
 */
export function natsTransport(options: NatsTransportOptions): Transport {
  validateNatsTransportOptions(options) // called from JavaScript too
  return new NatsTransportImpl(options)
}
