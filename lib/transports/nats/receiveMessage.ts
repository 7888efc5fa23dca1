import type { JsMsg } from '@nats-io/jetstream'
import type { TransportDelivery } from '../../bus/transport'
import type { Event } from '../../events/Event'
import { decodeMessage, type DecodeOptions } from './natsCodec'

/** @internal Where {@link receiveMessage} hands a message and reports what went wrong. */
export interface ReceiveHost {
  /** The subject prefix and the largest payload accepted. */
  readonly o: DecodeOptions
  /** The subscription's held messages (kept alive until settled). */
  readonly unsettled: Set<JsMsg>
  /** Reports an undecodable message (a dead letter `'invalid'`). */
  invalid(source: string, error: unknown): void
  /** Reports an exception out of the bus's callbacks; `outcome` says what became of the message. */
  failed(error: unknown, source: string, outcome: string): void
  /** The bus's delivery callback. */
  deliver(event: Event, delivery: TransportDelivery): void
}

/** @internal The delay of the nak that follows an exception out of the delivery callback: 1 s per delivery, at most 30 s. */
export function deliveryFailureDelay(deliveryCount: number): number {
  return Math.min(30_000, 1_000 * Math.max(1, deliveryCount))
}

/**
 * @internal Hands one inbound message to the bus. A message that does not decode is reported
 * to `invalid` and terminated (never redelivered). Otherwise it joins `unsettled` and goes to
 * `deliver` with its delivery: the first `ack`, `nak` or `term` settles it (later ones do
 * nothing) and calls `settled`, `working` resets the broker's timer until then.
 *
 * Nothing thrown here reaches the client (whose consumer would stop): an exception out of
 * `invalid` still terminates the message; one out of `deliver` naks it (unless it was settled
 * already) after {@link deliveryFailureDelay} and is reported to `failed`.
 *
 * @param m The message from the consumer.
 * @param host The subscription's side.
 * @param settled Called once when the message is settled (its slot is free again).
 */
export function receiveMessage(m: JsMsg, host: ReceiveHost, settled: () => void): void {
  const source = `nats:${m.subject}#${m.seq}`
  let event: Event
  try {
    event = decodeMessage(m, host.o)
  } catch (error) {
    try {
      host.invalid(source, error)
    } catch (reportFailure) {
      host.failed(reportFailure, source, 'it was terminated (undecodable)')
    } finally {
      m.term() // never redelivered: it can never decode (a bare term: 2.9 ignores a reason)
      settled()
    }
    return
  }
  const unsettled = host.unsettled
  unsettled.add(m)
  let done = false
  // The ack or nak goes out before the slot is freed, so the broker never sees the next fetch first.
  const settle = (send: () => void): void => {
    if (done) return
    done = true
    unsettled.delete(m)
    try {
      send()
    } finally {
      settled()
    }
  }
  const deliveryCount = m.info.deliveryCount
  try {
    host.deliver(event, {
      deliveryCount,
      ack: () => {
        settle(() => {
          m.ack()
        })
      },
      nak: (delayMs: number) => {
        settle(() => {
          m.nak(delayMs)
        })
      },
      working: () => {
        if (!done) m.working()
      },
    })
  } catch (error) {
    settle(() => {
      m.nak(deliveryFailureDelay(deliveryCount))
    })
    host.failed(error, source, 'it was naked for redelivery')
  }
}
