import { BehaviorSubject, EMPTY, finalize, type OperatorFunction, switchMap } from 'rxjs'
import type { FailurePolicy } from '../dispatch/DispatchHost'
import { asBusError, describe } from '../bus/deadLetters'
import type { Ledger } from '../bus/Ledger'
import type { Transport, TransportHost, TransportStatus, TransportSubscription } from '../bus/transport'
import type { PublishResult } from '../bus/types'
import type { SettleHost } from '../dispatch/settle'
import { TransportError } from '../errors/TransportError'
import type { Tracked } from '../pipeline/Tracked'
import { DedupeState } from './Inbound'
import { admitInbound, fromTransport, type InboundHost } from './fromTransport'
import { sendTo } from './sendTo'
import { dedupeBy } from './dedupeBy'
import { inboundFailure, type InboundFailureHost, InboundSettleSubscriber } from './settleInbound'
import type { SourceOptions, SubscriptionEnds, Wiring } from './Wiring'

/** The redelivery delay of an inbound message whose failure could not be recorded either. */
const INBOUND_FAILURE_NAK_MS = 1_000

/** @internal What the remote wiring needs from its bus. */
export interface RemoteHost extends InboundHost, InboundFailureHost, SettleHost {
  readonly ledger: Ledger
  /** The transport's callbacks (undecodable messages, transport errors). */
  readonly transportHost: TransportHost
  /** A wait on the bus scheduler: calls `late` at `deadline` (scheduler time) unless cancelled. */
  at(deadline: number, late: () => void): { unsubscribe(): void }
}

/**
 * @internal The wiring through a transport: the pipeline ends with `sendTo(transport)`; a
 * subscription consumes from the broker once the bus is connected (again after each restart),
 * drops redeliveries with `dedupeBy`, and settles with ack, nak or dead-letter-then-ack.
 */
export class RemoteWiring implements Wiring {
  readonly settlesEvery = true
  private readonly connected$ = new BehaviorSubject<number>(0)
  private readonly settle: InboundSettleSubscriber
  private readonly failure: FailurePolicy
  private readonly consumers = new Map<object, { readonly keys: readonly string[]; readonly open: Promise<TransportSubscription | null> }>()

  constructor(
    private readonly transport: Transport,
    private readonly host: RemoteHost,
    private readonly dedupeWindow: number,
  ) {
    this.settle = new InboundSettleSubscriber(host)
    this.failure = inboundFailure(host)
  }

  end(): OperatorFunction<Tracked, never> {
    return sendTo(this.transport, this.host.ledger)
  }

  subscription(keys: readonly string[], options: SourceOptions): SubscriptionEnds {
    const { transport, host } = this
    const { name, group, concurrency, timeoutMs, retry, from } = options
    const maxInFlight = concurrency === Infinity ? 1024 : Math.min(1024, Math.max(concurrency * 2, 8))
    const base = group === undefined ? { name, maxInFlight, timeoutMs } : { name, group, maxInFlight, timeoutMs }
    const transportOptions = from === undefined || from === 'new' ? base : { ...base, from }
    const dedupe = new DedupeState(this.dedupeWindow)
    const id = {}
    const source$ = this.connected$.pipe(
      switchMap((connection) => {
        if (connection === 0) return EMPTY
        return fromTransport(transport, keys, transportOptions, retry, dedupe, host, (open) => {
          this.consumers.set(id, { keys, open })
        })
      }),
      finalize(() => this.consumers.delete(id)),
      dedupeBy(dedupe),
      admitInbound(host, (rec, error) => {
        this.inboundThrew(rec, name, error)
      }),
    )
    return { source$, failure: this.failure, settle: this.settle, retry: null }
  }

  /**
   * An exception out of an inbound record's dispatch (the bus's own code, not a handler's
   * failure): a failure of the subscription, so a nak while its retries last, else a dead letter
   * (then the ack). Should that fail too, a plain nak: the broker delivers the message again.
   */
  private inboundThrew(rec: Tracked, name: string, error: unknown): void {
    try {
      this.failure.handlerFailed(rec, name, asBusError(error, 'the inbound delivery threw'), 'handler-error', 1)
    } catch {
      const delivery = rec.inbound?.delivery
      if (delivery !== undefined && delivery !== null) delivery.nak(INBOUND_FAILURE_NAK_MS)
    }
  }

  settlement(rec: Tracked, waitHandled: boolean): Promise<PublishResult | undefined> {
    if (waitHandled) {
      rec.done = true
      return Promise.reject(
        new TransportError(
          this.transport.name,
          "publish(event, { waitFor: 'handled' }) is not available with a transport: handlers may run in other processes; await publish(event) for the broker's acknowledgement",
        ),
      )
    }
    return new Promise<undefined>((resolve, reject) => {
      rec.sent = (error?: Error) => {
        if (error === undefined) resolve(undefined)
        else reject(error)
      }
    })
  }

  redelivery<E>(event: E, copy: (event: E) => E): E {
    // The broker drops a second publish of an id within its duplicate window, and subscriptions
    // remember finished ids: across processes the retry is a copy with a new id that names the original.
    return copy(event)
  }

  connect(): Promise<void> {
    return this.transport.connect(this.host.transportHost)
  }

  async open(): Promise<void> {
    this.connected$.next(this.connected$.value + 1)
    await Promise.all([...this.consumers.values()].map((c) => c.open))
  }

  /** The number of the current connection (0 before the first). */
  connection(): number {
    return this.connected$.value
  }

  pause(): void {
    this.transport.pause()
  }

  close(deadline: number): Promise<void> {
    const { transport, host } = this
    return new Promise<void>((resolve) => {
      let settled = false
      const settle = (): void => {
        if (settled) return
        settled = true
        late.unsubscribe()
        resolve()
      }
      // A broker that is gone must not hold `stop()` past its deadline (the close goes on in the background).
      const late = host.at(deadline, () => {
        if (settled) return
        host.logger.warn({ component: 'event-bus', transport: transport.name }, 'transport did not close before the stop deadline; closing in the background')
        settle()
      })
      transport
        .close()
        .catch((error: unknown) => {
          host.logger.warn({ component: 'event-bus', error: describe(error) }, 'transport close failed')
        })
        .finally(settle)
    })
  }

  async ready(): Promise<void> {
    const entries = [...this.consumers.values()]
    const opened = await Promise.all(entries.map((c) => c.open))
    const failed = entries.filter((_c, i) => opened[i] === null).map((c) => c.keys.join(', '))
    if (failed.length > 0) {
      throw new TransportError(this.transport.name, `could not open the consumers of ${failed.join('; ')}; see errors$ for the cause`)
    }
  }

  status(): TransportStatus {
    return this.transport.status()
  }
}
