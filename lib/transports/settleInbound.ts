import type { DeadLetters } from '../bus/deadLetters'
import type { DeadLetterReason, Logger } from '../bus/types'
import type { Transport } from '../bus/transport'
import { asBusError, describe } from '../bus/deadLetters'
import type { FailurePolicy } from '../dispatch/DispatchHost'
import { retryDelay } from '../dispatch/outcome'
import { SettleSubscriber } from '../dispatch/settle'
import type { Tracked } from '../pipeline/Tracked'

/**
 * @internal `settle` for inbound records: acks the message (and its twins) once the handler is
 * done, or naks it when its delivery was cancelled (another member, or this process after a
 * restart, gets it); a record whose message will come again does not count as done.
 */
export class InboundSettleSubscriber extends SettleSubscriber {
  protected override settleInbound(rec: Tracked): boolean {
    const inbound = rec.inbound
    if (inbound === null) return false
    const delivery = inbound.delivery
    const id = rec.event.id
    if (delivery !== null && rec.cancelled) {
      delivery.nak(0)
      for (const twin of inbound.dedupe.twinsOf(id)) twin.nak(0)
      inbound.redelivering = true
    }
    if (delivery !== null && !inbound.redelivering) {
      delivery.ack()
      for (const twin of inbound.dedupe.twinsOf(id)) twin.ack()
      inbound.dedupe.remember(id)
    }
    return inbound.redelivering
  }
}

/** @internal What the inbound failure policy needs from its bus. */
export interface InboundFailureHost {
  readonly logger: Logger
  readonly deadLetters: DeadLetters
  readonly transport: Transport
  /** False once the bus stopped (no redelivery requests then). */
  accepting(): boolean
}

/**
 * @internal A handler failure on an inbound record: while the subscription's retries last, a nak
 * with the backoff delay (the broker redelivers, to this process or another: at least once);
 * then a dead letter on the bus and on the broker, and only once both are recorded the ack (a
 * crash before that leaves the message unacknowledged, so it is delivered and recorded again).
 */
export function inboundFailure(host: InboundFailureHost): FailurePolicy {
  return {
    handlerFailed(rec: Tracked, handler: string, error: unknown, reason: DeadLetterReason, attempts: number): boolean {
      const event = rec.event
      const inbound = rec.inbound
      const delivery = inbound === null ? null : inbound.delivery
      if (inbound === null || delivery === null) {
        void host.deadLetters.handlerFailed(event, handler, error, reason, attempts)
        return true
      }
      const retry = inbound.retry
      attempts = delivery.deliveryCount
      if (retry !== null && attempts <= retry.count && host.accepting()) {
        const delay = retryDelay(retry, attempts)
        inbound.redelivering = true
        delivery.nak(delay)
        for (const twin of inbound.dedupe.twinsOf(event.id)) twin.nak(delay)
        host.logger.warn(
          { component: 'event-bus', handler, eventType: event.eventType, eventId: event.id, attempts, error: describe(error) },
          'handler failed; redelivery requested',
        )
        return false
      }
      if (retry !== null && retry.count > 0 && reason === 'handler-error') reason = 'retries-exhausted'
      const errorEventSent = host.deadLetters.handlerFailed(event, handler, error, reason, attempts)
      const transport = host.transport
      const recorded = transport.deadLetter(event, reason, handler, error).catch((e: unknown) => {
        host.deadLetters.report(asBusError(e, `${transport.name}: dead letter not recorded`), 'dead letter not recorded')
      })
      void Promise.all([recorded, errorEventSent]).then(() => {
        delivery.ack()
      })
      for (const twin of inbound.dedupe.twinsOf(event.id)) twin.ack()
      inbound.delivery = null // acknowledged by the dead-letter path, not by settle
      inbound.dedupe.remember(event.id)
      return true
    },
  }
}
