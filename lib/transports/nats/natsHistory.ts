import { DeliverPolicy, type Consumer, type JetStreamClient, type JsMsg, type OrderedConsumerOptions } from '@nats-io/jetstream'
import type { Event } from '../../events/Event'
import { decodeMessage, type DecodeOptions } from './natsCodec'
import { subjectOf } from './natsSubjects'

// Reading the past from the stream: an ordered consumer (ephemeral, flow-controlled, in stream order).

/** Messages asked for at once while reading. */
const BATCH = 256
/** How long one fetch may wait for its messages, ms. */
const FETCH_EXPIRES_MS = 5_000

/** @internal Where a history read starts: every message, those stored from `since` (epoch ms) on, or from a stream sequence. */
export type HistoryStart = { readonly since?: number; readonly seq?: number }

/** An ordered consumer of `keys` from `start`, and how many of its messages the stream holds now. */
async function orderedConsumer(js: JetStreamClient, stream: string, prefix: string, key: string, start: HistoryStart, headersOnly: boolean) {
  const options: Partial<OrderedConsumerOptions> = {
    filter_subjects: subjectOf(prefix, key), // one subject: nats-server 2.9 has no filter_subjects
    headers_only: headersOnly,
    ...(start.seq !== undefined
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start.seq }
      : start.since !== undefined
        ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(start.since).toISOString() }
        : { deliver_policy: DeliverPolicy.All }),
  }
  const consumer = await js.consumers.get(stream, options)
  const info = await consumer.info(true)
  return { consumer, pending: info.num_pending }
}

/**
 * The `pending` messages `consumer` had when it was made, fetched in batches, oldest first; fewer
 * when some are gone (the stream's limits dropped them, or a fetch expired with nothing).
 */
async function* pendingMessages(consumer: Consumer, pending: number): AsyncGenerator<JsMsg> {
  let left = pending
  while (left > 0) {
    const batch = await consumer.fetch({ max_messages: Math.min(left, BATCH), expires: FETCH_EXPIRES_MS })
    let got = 0
    for await (const m of batch) {
      got++
      left = Math.min(left - 1, m.info.pending)
      yield m
      if (left <= 0) break
    }
    if (got === 0) break // nothing came before the fetch expired: the messages are gone (limits)
  }
}

/**
 * @internal The messages of `keys` the stream holds, oldest first, decoded (and upcast) as
 * inbound messages are; one that does not decode is skipped (a consumer dead-letters it). Reads
 * what the stream held when it started, then ends. Several keys are read one by one (nats-server
 * 2.9 filters a consumer on one subject) and merged by stream sequence, once each.
 */
export async function* readHistory(js: JetStreamClient, stream: string, o: DecodeOptions, keys: readonly string[], start: HistoryStart): AsyncGenerator<Event> {
  if (keys.length === 1) {
    for await (const [, event] of readKey(js, stream, o, keys[0], start)) yield event
    return
  }
  const bySeq = new Map<number, Event>()
  for (const key of keys) for await (const [seq, event] of readKey(js, stream, o, key, start)) bySeq.set(seq, event)
  for (const seq of [...bySeq.keys()].sort((a, b) => a - b)) yield bySeq.get(seq) as Event
}

async function* readKey(js: JetStreamClient, stream: string, o: DecodeOptions, key: string, start: HistoryStart): AsyncGenerator<readonly [number, Event]> {
  const { consumer, pending } = await orderedConsumer(js, stream, o.subjectPrefix, key, start, false)
  for await (const m of pendingMessages(consumer, pending)) {
    let event: Event | null = null
    try {
      event = decodeMessage(m, o)
    } catch {
      // undecodable: skipped here; a consumer dead-letters it as 'invalid'
    }
    if (event !== null) yield [m.seq, event] as const
  }
}

/**
 * @internal The stream sequence of the `n`-th last message of `key` (headers only), for
 * `from: { last: n }`; undefined when the stream holds `n` or fewer (start at the first).
 */
export async function lastSequence(js: JetStreamClient, stream: string, prefix: string, key: string, n: number): Promise<number | undefined> {
  const { consumer, pending } = await orderedConsumer(js, stream, prefix, key, {}, true)
  if (pending <= n) return undefined
  const last: number[] = []
  for await (const m of pendingMessages(consumer, pending)) {
    last.push(m.seq)
    if (last.length > n) last.shift()
  }
  return last[0]
}
