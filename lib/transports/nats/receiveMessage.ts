import type { JsMsg } from '@nats-io/jetstream'
import type { TransportDelivery } from '../../bus/transport'
import type { Event } from '../../events/Event'
import { decodeMessage } from './natsCodec'
import type { ResolvedNatsTransportOptions } from './NatsTransportOptions'

/**
 * @internal Hands one inbound message to the bus. A message that does not decode is reported
 * to `invalid` and terminated (never redelivered). Otherwise it joins `unsettled` and goes to
 * `deliver` with its delivery: the first `ack` or `nak` settles it (later ones do nothing),
 * `working` resets the broker's timer until then.
 *
 * @param m The message from the consumer.
 * @param o The subject prefix and the largest payload accepted.
 * @param unsettled The subscription's held messages (kept alive until settled).
 * @param invalid Reports an undecodable message (a dead letter `'invalid'`).
 * @param deliver The bus's delivery callback.
 */
export function receiveMessage(
  m: JsMsg,
  o: Pick<ResolvedNatsTransportOptions, 'subjectPrefix' | 'maxPayloadBytes'>,
  unsettled: Set<JsMsg>,
  invalid: (source: string, error: unknown) => void,
  deliver: (event: Event, delivery: TransportDelivery) => void,
): void {
  let event: Event
  try {
    event = decodeMessage(m, o)
  } catch (error) {
    invalid(`nats:${m.subject}#${m.seq}`, error)
    m.term() // never redelivered: it can never decode (a bare term: 2.9 ignores a reason)
    return
  }
  unsettled.add(m)
  let settled = false
  const settle = (): boolean => {
    if (settled) return false
    settled = true
    unsettled.delete(m)
    return true
  }
  deliver(event, {
    deliveryCount: m.info.deliveryCount,
    ack: () => {
      if (settle()) m.ack()
    },
    nak: (delayMs: number) => {
      if (settle()) m.nak(delayMs)
    },
    working: () => {
      if (!settled) m.working()
    },
  })
}
