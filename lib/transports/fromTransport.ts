import { Observable, type OperatorFunction } from 'rxjs'
import { asBusError } from '../bus/deadLetters'
import { type Destination, operatorOf, OperatorSubscriber } from '../internal/operate'
import type { Transport, TransportSubscribeOptions, TransportSubscription } from '../bus/transport'
import type { Ledger } from '../bus/Ledger'
import type { Event } from '../events/Event'
import type { MetricsScan } from '../metrics/MetricsScan'
import { Tracked } from '../pipeline/Tracked'
import { type DedupeState, Inbound } from './Inbound'
import type { RetryPolicy } from '../bus/types'

/** @internal What `fromTransport` needs from its bus. */
export interface InboundHost {
  readonly ledger: Ledger
  readonly metrics: MetricsScan
  now(): number
  /** False once the bus stopped: a message is left unacknowledged (the broker redelivers it). */
  accepting(): boolean
  /** An inbound event (for `events$`). */
  arrived(event: Event): void
  /** Logs and reports a transport failure on `errors$`. */
  report(error: unknown, message: string): void
  /** The number of the current connection (a consumer of an earlier one is not closed again). */
  connection(): number
}

/**
 * @internal One subscription's inbound records: a consumer on the broker, opened on subscribe
 * and closed on unsubscribe. Each message becomes a record of its own that carries its delivery
 * (to ack, nak, or keep alive). `opened` receives the consumer's Promise (for `ready()`).
 *
 * ```text
 * broker:  --m1--m2--|
 * result:  --r1--r2---     r: a record with its delivery
 * ```
 */
export function fromTransport(
  transport: Transport,
  keys: readonly string[],
  options: TransportSubscribeOptions,
  retry: RetryPolicy | null,
  dedupe: DedupeState,
  host: InboundHost,
  opened: (consumer: Promise<TransportSubscription | null>) => void,
): Observable<Tracked> {
  return new Observable<Tracked>((subscriber) => {
    const connection = host.connection()
    const consumer = transport
      .subscribe(keys, options, (event, delivery) => {
        // Not acknowledged: the broker redelivers it (to this process after a restart, or another member).
        if (subscriber.closed || !host.accepting()) return
        const rec = new Tracked(event, host.now())
        rec.stats = host.metrics.typeStats(event.eventType)
        rec.remaining = 1
        rec.inbound = new Inbound(delivery, retry, dedupe)
        subscriber.next(rec)
      })
      .catch((error: unknown) => {
        host.report(asBusError(error, `${transport.name}: subscribe(${keys.join(', ')}) failed`), 'transport subscribe failed')
        return null
      })
    opened(consumer)
    return () => {
      if (host.connection() !== connection) return // closed with its connection
      consumer
        .then((c) => c?.close())
        .catch((error: unknown) => {
          host.report(asBusError(error, 'transport unsubscribe failed'), 'transport unsubscribe failed')
        })
    }
  })
}

/**
 * @internal Hands each inbound record to the dispatch (its event to `events$` first), counted as
 * a dispatch loop, so `drain()` sees it until it is queued or done. An exception out of the
 * dispatch goes to `failed` with its record (a nak or a dead letter), never up the chain: the
 * stream and the subscription's consumer go on (an `events$` observer that throws does not stop
 * the record either).
 *
 * ```text
 * source:  --a--b--c--|     dispatch throws on b
 * result:  --a--b--c--|     failed(b, error); c still goes on
 * ```
 */
export function admitInbound(host: InboundHost, failed: (rec: Tracked, error: unknown) => void): OperatorFunction<Tracked, Tracked> {
  return operatorOf(AdmitInboundSubscriber, host, failed)
}

class AdmitInboundSubscriber extends OperatorSubscriber<Tracked, Tracked> {
  constructor(
    destination: Destination<Tracked>,
    private readonly host: InboundHost,
    private readonly failed: (rec: Tracked, error: unknown) => void,
  ) {
    super(destination)
  }

  next(rec: Tracked): void {
    const { ledger } = this.host
    try {
      this.host.arrived(rec.event)
    } catch (error) {
      this.host.report(asBusError(error, 'events$ threw on an inbound event'), 'inbound event not announced')
    }
    ledger.enterDispatch()
    try {
      this.destination.next(rec)
    } catch (error) {
      this.failed(rec, error)
    } finally {
      ledger.leaveDispatch()
    }
    ledger.checkIdle()
  }
}
