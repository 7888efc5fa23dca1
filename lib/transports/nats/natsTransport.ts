import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import type { Transport, TransportDelivery, TransportHost, TransportStatus, TransportSubscribeOptions, TransportSubscription } from '../../bus/transport'
import { EventValidationError } from '../../errors/EventValidationError'
import { TransportError } from '../../errors/TransportError'
import type { Event } from '../../events/Event'
import { DEFAULT_MAX_PAYLOAD_BYTES, parseEvent } from '../../events/parseEvent'
import { renderValue } from '../../internal/render'

// model

/**
 * Options of {@link natsTransport}.
 *
 * @category transport
 * @since 0.1.0
 */
export interface NatsTransportOptions {
  /** NATS server URL(s), for example `'nats://127.0.0.1:4222'`. */
  readonly servers: string | readonly string[]
  /** The JetStream stream; created when missing (see `createStream`). Default `'EVENTS'`. */
  readonly stream?: string
  /** Event type `t` is published on subject `${subjectPrefix}.${t}`. Default `'events'`. */
  readonly subjectPrefix?: string
  /** Dead letters go to `${deadLetterPrefix}.${eventType}` in the stream `${stream}_DLQ`. Default `'${subjectPrefix}-dlq'`. */
  readonly deadLetterPrefix?: string
  /** Create (or keep) the streams on connect; default true. Set false when an operator manages them. */
  readonly createStream?: boolean
  /** Stream storage; default `'file'` (survives a broker restart). */
  readonly storage?: 'file' | 'memory'
  /** The server drops a second publish of the same event id within this window; default 120,000 ms. */
  readonly duplicateWindowMs?: number
  /** How long the broker waits for an ack before redelivering; default 30,000 ms, at least twice a handler's timeout. Held messages are kept alive with `working()`. */
  readonly ackWaitMs?: number
  /**
   * Where a new consumer group starts: `'new'` (default) takes events published from its
   * creation on; `'all'` takes every event the stream still holds. A group's position is
   * durable: members that restart resume where the group stopped.
   */
  readonly startFrom?: 'new' | 'all'
  /** Inbound messages above this size go to dead letters as `'invalid'`; default 1 MiB. */
  readonly maxPayloadBytes?: number
  /**
   * Limits of the streams this transport creates (both the event stream and its `_DLQ`): the
   * broker discards the oldest messages past them. `maxAgeMs`: how long a message is kept;
   * `maxBytes`: the stream's size. Default 0: no limit (every event is kept until an operator
   * sets one). An existing stream keeps its own configuration. With `maxAgeMs` below
   * `duplicateWindowMs`, the duplicate window is shortened to `maxAgeMs` (the broker requires it).
   */
  readonly maxAgeMs?: number
  /** See `maxAgeMs`. Default 0: no limit. */
  readonly maxBytes?: number
  /**
   * Passed to the client's `connect` as they are (see `@nats-io/transport-node`): `user`/`pass`,
   * `token`, `authenticator`, `tls`, `name`, reconnect settings. Never logged.
   */
  readonly connection?: Readonly<Record<string, unknown>>
}

const DEFAULTS = {
  stream: 'EVENTS',
  subjectPrefix: 'events',
  createStream: true,
  storage: 'file',
  duplicateWindowMs: 120_000,
  ackWaitMs: 30_000,
  maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES,
  startFrom: 'new',
  maxAgeMs: 0,
  maxBytes: 0,
} as const

/** What this transport uses of a NATS connection (the client's own type does not resolve under node10 resolution). */
interface NatsConnection {
  isClosed(): boolean
  close(): Promise<void>
  drain(): Promise<void>
  getServer(): string
  status(): AsyncIterable<{ readonly type: string }>
}

const ms = (n: number): number => Math.round(n * 1_000_000) // to nanoseconds
const encoder = new TextEncoder()
const consumerPart = (s: string): string =>
  s
    .replace(/\*/g, 'star')
    .replace(/>/g, 'all')
    .replace(/[^A-Za-z0-9_-]/g, '_')

class NatsSubscription implements TransportSubscription {
  readonly unsettled = new Set<JsMsg>()
  private readonly consumers: { messages: ConsumerMessages; name: string; durable: boolean }[] = []
  private keepAlive: ReturnType<typeof setInterval> | null = null

  constructor(
    private readonly owner: NatsTransportImpl,
    ackWaitMs: number,
  ) {
    this.keepAlive = setInterval(
      () => {
        for (const m of this.unsettled) m.working()
      },
      Math.max(250, Math.floor(ackWaitMs / 3)),
    )
    ;(this.keepAlive as { unref?: () => void }).unref?.()
  }

  add(messages: ConsumerMessages, name: string, durable: boolean): void {
    this.consumers.push({ messages, name, durable })
  }

  pause(): void {
    for (const c of this.consumers) c.messages.stop()
  }

  async close(): Promise<void> {
    this.pause()
    if (this.keepAlive !== null) clearInterval(this.keepAlive)
    this.keepAlive = null
    await Promise.all(this.consumers.filter((c) => !c.durable).map((c) => this.owner.deleteConsumer(c.name)))
    this.owner.forget(this)
  }
}

/** @internal */
export class NatsTransportImpl implements Transport {
  readonly name = 'nats'
  private nc: NatsConnection | null = null
  private js: JetStreamClient | null = null
  private jsm: JetStreamManager | null = null
  private host: TransportHost | null = null
  private connected = false
  private detail = 'not connected'
  private readonly subs = new Set<NatsSubscription>()
  private readonly o: Required<Omit<NatsTransportOptions, 'connection' | 'deadLetterPrefix'>> & { deadLetterPrefix: string }

  constructor(private readonly options: NatsTransportOptions) {
    const merged = { ...DEFAULTS, ...options }
    this.o = { ...merged, deadLetterPrefix: options.deadLetterPrefix ?? `${merged.subjectPrefix}-dlq` }
  }

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
      if (this.o.createStream) await this.ensureStreams(this.jsm)
    } catch (error) {
      await this.nc?.close().catch(() => undefined)
      this.nc = null
      throw new TransportError(
        'nats',
        `could not connect to ${servers.join(', ')} and open stream '${this.o.stream}': ${describe(error)}; check that the server runs with JetStream (-js)`,
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

  private async ensureStreams(jsm: JetStreamManager): Promise<void> {
    const maxAgeMs = this.o.maxAgeMs
    const wanted: [string, string][] = [
      [this.o.stream, `${this.o.subjectPrefix}.>`],
      [`${this.o.stream}_DLQ`, `${this.o.deadLetterPrefix}.>`],
    ]
    for (const [name, subject] of wanted) {
      try {
        await jsm.streams.info(name)
      } catch {
        await jsm.streams.add({
          name,
          subjects: [subject],
          retention: RetentionPolicy.Limits,
          storage: this.o.storage === 'memory' ? StorageType.Memory : StorageType.File,
          duplicate_window: ms(maxAgeMs > 0 ? Math.min(this.o.duplicateWindowMs, maxAgeMs) : this.o.duplicateWindowMs),
          max_age: ms(maxAgeMs),
          max_bytes: this.o.maxBytes > 0 ? this.o.maxBytes : -1,
        })
      }
    }
  }

  async publish(event: Event): Promise<void> {
    const js = this.js
    if (js === null) throw new TransportError('nats', 'publish before connect: start the bus first')
    const data = encoder.encode(JSON.stringify(event))
    try {
      await js.publish(`${this.o.subjectPrefix}.${event.eventType}`, data, { msgID: event.id })
    } catch (error) {
      throw new TransportError(
        'nats',
        `publish('${event.eventType}') was not acknowledged by the server: ${describe(error)}; the event may not be stored, publish it again (the id makes it idempotent)`,
        error,
      )
    }
  }

  async subscribe(
    keys: readonly string[],
    options: TransportSubscribeOptions,
    deliver: (event: Event, delivery: TransportDelivery) => void,
  ): Promise<TransportSubscription> {
    const js = this.js
    const jsm = this.jsm
    if (js === null || jsm === null) throw new TransportError('nats', 'subscribe before connect: start the bus first')
    const ackWaitMs = Math.max(this.o.ackWaitMs, options.timeoutMs * 2)
    const sub = new NatsSubscription(this, ackWaitMs)
    this.subs.add(sub)
    for (const key of keys) {
      const subject = `${this.o.subjectPrefix}.${key}`
      const durable = options.group !== undefined
      const name = durable
        ? `${consumerPart(options.group)}-${consumerPart(key)}`
        : `${consumerPart(options.name)}-${consumerPart(key)}-${Math.random().toString(36).slice(2, 10)}`
      const config = {
        filter_subject: subject,
        ack_policy: AckPolicy.Explicit,
        ack_wait: ms(ackWaitMs),
        max_ack_pending: Math.max(options.maxInFlight * 4, 64),
        ...(durable
          ? { durable_name: name, deliver_policy: this.o.startFrom === 'all' ? DeliverPolicy.All : DeliverPolicy.New }
          : { name, deliver_policy: DeliverPolicy.New, inactive_threshold: ms(60_000) }),
      }
      try {
        // A group's consumer is shared: a member joining an existing one keeps its settings
        // instead of rewriting them under the other members.
        const exists =
          durable &&
          (await jsm.consumers.info(this.o.stream, name).then(
            () => true,
            () => false,
          ))
        if (!exists) await jsm.consumers.add(this.o.stream, config)
        const consumer = await js.consumers.get(this.o.stream, name)
        const messages = await consumer.consume({
          max_messages: options.maxInFlight,
          callback: (m: JsMsg) => {
            this.receive(m, sub, deliver)
          },
        })
        sub.add(messages, name, durable)
      } catch (error) {
        await sub.close().catch(() => undefined)
        throw new TransportError('nats', `could not create consumer '${name}' on '${subject}': ${describe(error)}`, error)
      }
    }
    return sub
  }

  private receive(m: JsMsg, sub: NatsSubscription, deliver: (event: Event, delivery: TransportDelivery) => void): void {
    let event: Event
    try {
      event = parseEvent(m.data, { maxPayloadBytes: this.o.maxPayloadBytes })
      const expected = m.subject.slice(this.o.subjectPrefix.length + 1)
      if (event.eventType !== expected) {
        throw new EventValidationError('nats message', [
          { path: 'eventType', expected: `'${expected}' (the subject)`, actual: JSON.stringify(event.eventType) },
        ])
      }
    } catch (error) {
      this.host?.invalid(`nats:${m.subject}#${m.seq}`, error)
      m.term() // never redelivered: it can never decode (a bare term: 2.9 ignores a reason)
      return
    }
    sub.unsettled.add(m)
    let settled = false
    const settle = (): boolean => {
      if (settled) return false
      settled = true
      sub.unsettled.delete(m)
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

  async deadLetter(event: Event, reason: string, handler: string | undefined, error: unknown): Promise<void> {
    const js = this.js
    if (js === null) return
    const body = { event, reason, handler: handler ?? null, error: describe(error), at: Date.now() }
    await js.publish(`${this.o.deadLetterPrefix}.${event.eventType}`, encoder.encode(JSON.stringify(body)), { msgID: `${event.id}:${handler ?? ''}:${reason}` })
  }

  /** @internal */
  async deleteConsumer(name: string): Promise<void> {
    if (this.jsm === null || this.nc === null || this.nc.isClosed()) return
    await this.jsm.consumers.delete(this.o.stream, name).catch(() => false)
  }

  /** @internal */
  forget(sub: NatsSubscription): void {
    this.subs.delete(sub)
  }

  pause(): void {
    for (const s of this.subs) s.pause()
  }

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

  status(): TransportStatus {
    return { connected: this.connected, detail: this.detail }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

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
  const untrusted: unknown = options // called from JavaScript too
  const servers: unknown = typeof untrusted === 'object' && untrusted !== null ? (untrusted as { servers?: unknown }).servers : undefined
  if (typeof servers !== 'string' && !Array.isArray(servers)) {
    throw new EventValidationError('natsTransport(options)', [
      { path: 'servers', expected: "a server URL or an array of them, for example 'nats://127.0.0.1:4222'", actual: renderValue(servers) },
    ])
  }
  const limits = untrusted as { maxAgeMs?: unknown; maxBytes?: unknown }
  const issues = (['maxAgeMs', 'maxBytes'] as const)
    .filter((k) => limits[k] !== undefined && !(typeof limits[k] === 'number' && Number.isSafeInteger(limits[k]) && limits[k] >= 0))
    .map((k) => ({ path: k, expected: 'a whole number >= 0 (0: no limit)', actual: renderValue(limits[k]) }))
  if (issues.length > 0) throw new EventValidationError('natsTransport(options)', issues)
  return new NatsTransportImpl(options)
}
