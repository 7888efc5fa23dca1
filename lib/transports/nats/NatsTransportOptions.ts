import { EventValidationError, type ValidationIssue } from '../../errors/EventValidationError'
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../../events/parseEvent'
import type { WireFormat } from '../../events/seedWire'
import type { SchemaVersions } from '../../schema/SchemaVersions'
import { checkSchemaVersions } from '../../schema/upcast'
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
  /**
   * The JSON of messages: `'native'` (default, ours) or `'seed'` (the Python original's
   * dataclasses: snake_case keys, ISO timestamps), so a TypeScript and a Python service share a
   * stream. Both sides of a stream must agree.
   */
  readonly wireFormat?: WireFormat
  /**
   * The schema versions this process knows: inbound messages and `bus.history$` are upcast to
   * them (a newer version is a dead letter `'invalid'` naming both versions), and published
   * events carry their type's current version.
   */
  readonly schemaVersions?: SchemaVersions
}

/** @internal {@link NatsTransportOptions} with every default filled in (`servers` and `connection` stay as given). */
export type ResolvedNatsTransportOptions = Required<Omit<NatsTransportOptions, 'connection' | 'deadLetterPrefix'>> & { deadLetterPrefix: string }

// constants

/** @internal The defaults of {@link NatsTransportOptions}; `deadLetterPrefix` defaults to `'${subjectPrefix}-dlq'`. */
export const DEFAULT_NATS_TRANSPORT_OPTIONS = Object.freeze({
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
  wireFormat: 'native',
  schemaVersions: Object.freeze({}),
} as const)

// constructors

/** @internal Merges `options` over {@link DEFAULT_NATS_TRANSPORT_OPTIONS} and derives `deadLetterPrefix`. */
export function resolveNatsTransportOptions(options: NatsTransportOptions): ResolvedNatsTransportOptions {
  const merged = { ...DEFAULT_NATS_TRANSPORT_OPTIONS, ...options }
  return { ...merged, deadLetterPrefix: options.deadLetterPrefix ?? `${merged.subjectPrefix}-dlq` }
}

/**
 * @internal Checks the options that JavaScript callers can get wrong before anything connects:
 * `servers` must be a URL or an array, `maxAgeMs`/`maxBytes` whole numbers >= 0,
 * `maxPayloadBytes` a whole number >= 1 (`NaN` would otherwise disable the limit).
 * @throws EventValidationError listing what is wrong.
 */
export function validateNatsTransportOptions(options: unknown): void {
  const servers: unknown = typeof options === 'object' && options !== null ? (options as { servers?: unknown }).servers : undefined
  if (typeof servers !== 'string' && !Array.isArray(servers)) {
    throw new EventValidationError('natsTransport(options)', [
      { path: 'servers', expected: "a server URL or an array of them, for example 'nats://127.0.0.1:4222'", actual: renderValue(servers) },
    ])
  }
  const limits = options as { maxAgeMs?: unknown; maxBytes?: unknown; maxPayloadBytes?: unknown }
  const wholeAtLeast = (value: unknown, min: number): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= min
  const issues: ValidationIssue[] = (['maxAgeMs', 'maxBytes'] as const)
    .filter((k) => limits[k] !== undefined && !wholeAtLeast(limits[k], 0))
    .map((k) => ({ path: k, expected: 'a whole number >= 0 (0: no limit)', actual: renderValue(limits[k]) }))
  const { maxPayloadBytes } = limits
  if (maxPayloadBytes !== undefined && !wholeAtLeast(maxPayloadBytes, 1)) {
    issues.push({
      path: 'maxPayloadBytes',
      expected: 'a whole number of bytes >= 1 (the largest inbound message accepted)',
      actual: renderValue(maxPayloadBytes),
    })
  }
  const { wireFormat } = options as { wireFormat?: unknown }
  if (wireFormat !== undefined && wireFormat !== 'native' && wireFormat !== 'seed') {
    issues.push({ path: 'wireFormat', expected: "'native' or 'seed'", actual: renderValue(wireFormat) })
  }
  if (issues.length > 0) throw new EventValidationError('natsTransport(options)', issues)
  checkSchemaVersions((options as { schemaVersions?: unknown }).schemaVersions, 'natsTransport(options)', 'schemaVersions')
}
