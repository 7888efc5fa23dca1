import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  type Consumer,
  type ConsumerConfig,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream'
import type { ResolvedNatsTransportOptions } from './NatsTransportOptions'
import { deadLetterStreamOf, subjectOf } from './natsSubjects'

// Stream and consumer setup on the broker.

/** @internal Milliseconds as the nanoseconds of JetStream's configuration. */
export function nanos(ms: number): number {
  return Math.round(ms * 1_000_000)
}

/**
 * @internal Creates the event stream (`${subjectPrefix}.>`) and its dead-letter stream
 * (`${deadLetterPrefix}.>`) when missing, with the storage, duplicate window and limits of `o`;
 * an existing stream keeps its own configuration.
 */
export async function ensureStreams(jsm: JetStreamManager, o: ResolvedNatsTransportOptions): Promise<void> {
  const maxAgeMs = o.maxAgeMs
  const wanted: [string, string][] = [
    [o.stream, subjectOf(o.subjectPrefix, '>')],
    [deadLetterStreamOf(o.stream), subjectOf(o.deadLetterPrefix, '>')],
  ]
  for (const [name, subject] of wanted) {
    try {
      await jsm.streams.info(name)
    } catch {
      await jsm.streams.add({
        name,
        subjects: [subject],
        retention: RetentionPolicy.Limits,
        storage: o.storage === 'memory' ? StorageType.Memory : StorageType.File,
        duplicate_window: nanos(maxAgeMs > 0 ? Math.min(o.duplicateWindowMs, maxAgeMs) : o.duplicateWindowMs),
        max_age: nanos(maxAgeMs),
        max_bytes: o.maxBytes > 0 ? o.maxBytes : -1,
      })
    }
  }
}

/** @internal What {@link consumerConfig} needs to configure one key's consumer. */
export interface ConsumerSpec {
  /** The consumer's name (see `consumerNameOf`). */
  readonly name: string
  /** The subject it filters on. */
  readonly subject: string
  /** True for a group's shared, durable consumer; false for a subscription's own. */
  readonly durable: boolean
  /** The broker's redelivery timer, ms. */
  readonly ackWaitMs: number
  /** The subscription's `maxInFlight`. */
  readonly maxInFlight: number
  /** Where a new durable consumer starts. */
  readonly startFrom: ResolvedNatsTransportOptions['startFrom']
  /** Recreating a consumer that went missing: start at this stream sequence (overrides `startFrom`). */
  readonly startSeq?: number
  /** A subscription's `from` (`{ last: n }` resolved to `startSeq` by the caller): overrides `startFrom` for a new consumer. */
  readonly from?: 'new' | 'all' | { readonly since: number } | { readonly last: number }
}

/**
 * @internal A pull consumer's configuration: explicit acks; a group's consumer is durable and
 * starts at `startFrom`, a subscription's own starts at new events and is removed after a
 * minute without a client; one recreated after it went missing starts at `startSeq`.
 */
export function consumerConfig(spec: ConsumerSpec): Partial<ConsumerConfig> {
  return {
    filter_subject: spec.subject,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(spec.ackWaitMs),
    max_ack_pending: Math.max(spec.maxInFlight * 4, 64),
    ...(spec.durable
      ? { durable_name: spec.name, deliver_policy: spec.startFrom === 'all' ? DeliverPolicy.All : DeliverPolicy.New }
      : { name: spec.name, deliver_policy: DeliverPolicy.New, inactive_threshold: nanos(60_000) }),
    ...deliverFrom(spec.from),
    ...(spec.startSeq === undefined ? {} : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: spec.startSeq }),
  }
}

/** The deliver policy of a subscription's `from` (`'new'` and `{ last }` are decided elsewhere). */
function deliverFrom(from: ConsumerSpec['from']): Partial<ConsumerConfig> {
  if (from === 'all') return { deliver_policy: DeliverPolicy.All }
  if (typeof from === 'object' && 'since' in from) return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(from.since).toISOString() }
  return {}
}

/**
 * @internal Opens the consumer of `spec` on `stream`, creating it when missing (after a restart
 * of the broker's state or a deletion from outside, too); the caller pulls from it.
 */
export async function openConsumer(js: JetStreamClient, jsm: JetStreamManager, stream: string, spec: ConsumerSpec): Promise<Consumer> {
  // A group's consumer is shared: a member joining an existing one keeps its settings instead of
  // rewriting them under the other members; a restarted one that still exists is joined as it is.
  const exists =
    (spec.durable || spec.startSeq !== undefined) &&
    (await jsm.consumers.info(stream, spec.name).then(
      () => true,
      () => false,
    ))
  if (!exists) await jsm.consumers.add(stream, consumerConfig(spec))
  return js.consumers.get(stream, spec.name)
}
