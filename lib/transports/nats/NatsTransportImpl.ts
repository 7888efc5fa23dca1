import { jetstream, jetstreamManager, type Consumer, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import type { Transport, TransportDelivery, TransportHost, TransportStatus, TransportSubscribeOptions, TransportSubscription } from '../../bus/transport'
import { TransportError } from '../../errors/TransportError'
import type { Event } from '../../events/Event'
import { describeError, encodeDeadLetter, encodeEvent, traceHeaders } from './natsCodec'
import { ensureStreams, openConsumer, type ConsumerSpec } from './natsStreams'
import { lastSequence, readHistory } from './natsHistory'
import { consumerNameOf, subjectOf } from './natsSubjects'
import { NatsPuller } from './NatsPuller'
import { NatsSubscription } from './NatsSubscription'
import { resolveNatsTransportOptions, type NatsTransportOptions, type ResolvedNatsTransportOptions } from './NatsTransportOptions'
import { receiveMessage, type ReceiveHost } from './receiveMessage'

/**
 * How long one fetch waits on the broker for messages before the next (the client's default),
 * and the heartbeat asked of the broker meanwhile (two missed: the consumer is gone, restart it).
 */
const FETCH_TIMING = Object.freeze({ expiresMs: 30_000, heartbeatMs: 5_000 })

/** What this transport uses of a NATS connection (the client's own type does not resolve under node10 resolution). */
interface NatsConnection {
  isClosed(): boolean
  close(): Promise<void>
  drain(): Promise<void>
  getServer(): string
  status(): AsyncIterable<{ readonly type: string }>
}

/**
 * @internal The transport {@link natsTransport} returns: one connection, its JetStream
 * clients, and the live subscriptions. Build it with `natsTransport(options)`, which checks
 * the options first.
 */
export class NatsTransportImpl implements Transport {
  /** `'nats'`. */
  readonly name = 'nats'
  private nc: NatsConnection | null = null
  private js: JetStreamClient | null = null
  private jsm: JetStreamManager | null = null
  private host: TransportHost | null = null
  private connected = false
  private detail = 'not connected'
  private readonly subs = new Set<NatsSubscription>()
  private readonly o: ResolvedNatsTransportOptions

  /** @param options Checked options (see `validateNatsTransportOptions`). */
  constructor(private readonly options: NatsTransportOptions) {
    this.o = resolveNatsTransportOptions(options)
  }

  /** Connects (reconnecting forever) and creates the streams unless `createStream` is false. */
  async connect(host: TransportHost): Promise<void> {
    this.host = host
    if (this.nc !== null && !this.nc.isClosed()) return
    const servers = typeof this.options.servers === 'string' ? [this.options.servers] : [...this.options.servers]
    try {
      // The client's connection type lives behind a subpath export that node10 resolution cannot see.
      const nc = (await connect({ maxReconnectAttempts: -1, reconnectTimeWait: 250, ...this.options.connection, servers })) as unknown
      type ClientConnection = Parameters<typeof jetstream>[0]
      this.nc = nc as NatsConnection
      this.js = jetstream(nc as ClientConnection)
      this.jsm = await jetstreamManager(nc as ClientConnection)
      if (this.o.createStream) await ensureStreams(this.jsm, this.o)
    } catch (error) {
      await this.nc?.close().catch(() => undefined)
      this.nc = null
      throw new TransportError(
        'nats',
        `could not connect to ${servers.join(', ')} and open stream '${this.o.stream}': ${describeError(error)}; check that the server runs with JetStream (-js)`,
        error,
      )
    }
    this.connected = true
    this.detail = `connected to ${this.nc.getServer()}`
    void this.watchStatus(this.nc)
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnecting') {
        this.connected = false
        this.detail = 'reconnecting'
      } else if (s.type === 'reconnect') {
        this.connected = true
        this.detail = `connected to ${nc.getServer()}`
      }
    }
    this.connected = false
    this.detail = 'closed'
  }

  /** Publishes on `${subjectPrefix}.${eventType}` with the event id as message id (deduplicated). */
  async publish(event: Event): Promise<void> {
    const js = this.js
    if (js === null) throw new TransportError('nats', 'publish before connect: start the bus first')
    const data = encodeEvent(event, this.o)
    try {
      await js.publish(subjectOf(this.o.subjectPrefix, event.eventType), data, { msgID: event.id, headers: traceHeaders(event) })
    } catch (error) {
      throw new TransportError(
        'nats',
        `publish('${event.eventType}') was not acknowledged by the server: ${describeError(error)}; the event may not be stored, publish it again (the id makes it idempotent)`,
        error,
      )
    }
  }

  /** Opens one pull consumer per key (a group's durable one, or the subscription's own), each pulled on demand. */
  async subscribe(
    keys: readonly string[],
    options: TransportSubscribeOptions,
    deliver: (event: Event, delivery: TransportDelivery) => void,
  ): Promise<TransportSubscription> {
    const js = this.js
    const jsm = this.jsm
    const host = this.host
    if (js === null || jsm === null || host === null) throw new TransportError('nats', 'subscribe before connect: start the bus first')
    const ackWaitMs = Math.max(this.o.ackWaitMs, options.timeoutMs * 2)
    const sub = new NatsSubscription(this, ackWaitMs, host.scheduler)
    this.subs.add(sub)
    const receiveHost: ReceiveHost = {
      o: this.o,
      unsettled: sub.unsettled,
      invalid: (source, error) => {
        host.invalid(source, error)
      },
      failed: (error, source, outcome) => {
        this.report(new TransportError('nats', `the delivery of ${source} threw (${describeError(error)}); ${outcome}`, error))
      },
      deliver,
    }
    for (const key of keys) {
      const subject = subjectOf(this.o.subjectPrefix, key)
      const durable = options.group !== undefined
      const name = consumerNameOf(key, options)
      const from = options.from
      try {
        const last = typeof from === 'object' && 'last' in from ? await lastSequence(js, this.o.stream, this.o.subjectPrefix, key, from.last) : undefined
        const base = { name, subject, durable, ackWaitMs, maxInFlight: options.maxInFlight, startFrom: this.o.startFrom }
        const spec: ConsumerSpec =
          from === undefined || from === 'new'
            ? base
            : last === undefined
              ? { ...base, from: typeof from === 'object' && 'last' in from ? (from.last === 0 ? 'new' : 'all') : from }
              : { ...base, startSeq: last }
        const consumer = await openConsumer(js, jsm, this.o.stream, spec)
        const puller = new NatsPuller(consumer, options.maxInFlight, FETCH_TIMING, {
          scheduler: host.scheduler,
          reopen: (lastSeq) => this.reopen(lastSeq === null ? spec : { ...spec, startSeq: lastSeq + 1 }),
          receive: (m, settled) => {
            receiveMessage(m, receiveHost, settled)
          },
          stopped: (error, delayMs) => {
            this.report(new TransportError('nats', `consumer '${name}' on '${subject}' stopped (${describeError(error)}); restarting in ${delayMs} ms`, error))
          },
          restarted: () => undefined,
        })
        sub.add(puller, name, durable)
        puller.start()
      } catch (error) {
        await sub.close().catch(() => undefined)
        throw new TransportError('nats', `could not create consumer '${name}' on '${subject}': ${describeError(error)}`, error)
      }
    }
    return sub
  }

  private reopen(spec: ConsumerSpec): Promise<Consumer> {
    const js = this.js
    const jsm = this.jsm
    if (js === null || jsm === null) return Promise.reject(new TransportError('nats', 'the connection is closed'))
    return openConsumer(js, jsm, this.o.stream, spec)
  }

  /** Reports a transport failure to the bus (logged once, on `errors$`); a host that throws is ignored. */
  private report(error: TransportError): void {
    try {
      this.host?.error(error, 'nats transport failure')
    } catch {
      // the transport must keep consuming whatever the host does
    }
  }

  /** Publishes a dead letter on `${deadLetterPrefix}.${eventType}` (deduplicated per event, handler and reason). */
  async deadLetter(event: Event, reason: string, handler: string | undefined, error: unknown): Promise<void> {
    const js = this.js
    if (js === null) return
    const data = encodeDeadLetter(event, reason, handler, error)
    await js.publish(subjectOf(this.o.deadLetterPrefix, event.eventType), data, { msgID: `${event.id}:${handler ?? ''}:${reason}` })
  }

  /** @internal */
  /** The past events of `keys` the stream holds (an ordered consumer), decoded and upcast as inbound messages are. */
  history(keys: readonly string[], options: { readonly since?: number }): AsyncIterable<Event> {
    const js = this.js
    if (js === null) throw new TransportError('nats', 'history$ before connect: start the bus first')
    return readHistory(js, this.o.stream, this.o, keys, options)
  }

  async deleteConsumer(name: string): Promise<void> {
    if (this.jsm === null || this.nc === null || this.nc.isClosed()) return
    await this.jsm.consumers.delete(this.o.stream, name).catch(() => false)
  }

  /** @internal */
  forget(sub: NatsSubscription): void {
    this.subs.delete(sub)
  }

  /** Stops every subscription from pulling new messages. */
  pause(): void {
    for (const s of this.subs) s.pause()
  }

  /** Closes every subscription, then drains the connection. */
  async close(): Promise<void> {
    await Promise.all([...this.subs].map((s) => s.close()))
    const nc = this.nc
    this.nc = null
    this.js = null
    this.jsm = null
    if (nc !== null && !nc.isClosed()) await nc.drain()
    this.connected = false
    this.detail = 'closed'
  }

  /** The connection state (connected, reconnecting or closed) and the consumers that stopped and wait for a restart. */
  status(): TransportStatus {
    const stopped = [...this.subs].flatMap((s) => s.stoppedConsumers())
    if (stopped.length === 0) return { connected: this.connected, detail: this.detail }
    const names = stopped.map((n) => `'${n}'`).join(', ')
    return { connected: this.connected, detail: `${this.detail}; consumer ${names} stopped, restarting`, stoppedConsumers: stopped }
  }
}
