import type { OperatorFunction } from 'rxjs'
import type { Ledger } from '../bus/Ledger'
import type { Transport } from '../bus/transport'
import { TransportError } from '../errors/TransportError'
import { describe } from '../bus/deadLetters'
import { type Destination, operatorOf, OperatorSubscriber } from '../internal/operate'
import type { Tracked } from '../pipeline/Tracked'

/**
 * @internal The terminal operator of the pipeline with a transport: each record's event is
 * written to the broker, and its `publish` settles with the broker's answer (a failure rejects
 * with a `TransportError`, so the caller can retry). Emits nothing itself.
 *
 * ```text
 * source:  --a--b--|
 * broker:  --a--b---
 * result:  --------|
 * ```
 */
export function sendTo(transport: Transport, ledger: Ledger): OperatorFunction<Tracked, never> {
  return operatorOf(SendSubscriber, transport, ledger)
}

class SendSubscriber extends OperatorSubscriber<Tracked, never> {
  constructor(
    destination: Destination<never>,
    private readonly transport: Transport,
    private readonly ledger: Ledger,
  ) {
    super(destination)
  }

  next(rec: Tracked): void {
    const { transport, ledger } = this
    ledger.sendStarted()
    let sending: Promise<void>
    try {
      sending = transport.publish(rec.event)
    } catch (error) {
      sending = Promise.reject(error) // a transport that throws fails this publish, not the pipeline
    }
    sending.then(
      () => {
        rec.done = true
        rec.sent?.()
        ledger.sendEnded()
      },
      (error: unknown) => {
        rec.done = true
        rec.sent?.(
          error instanceof TransportError
            ? error
            : new TransportError(transport.name, `publish('${rec.event.eventType}') failed: ${describe(error)}; retry the publish`, error),
        )
        ledger.sendEnded()
      },
    )
  }
}
