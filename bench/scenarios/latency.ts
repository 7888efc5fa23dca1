import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { quantileSorted } from '../core/stats'
import { Tally } from '../core/Tally'
import type { AnyContender, BenchPayload, SyncHandler } from '../core/types'
import { messages, resolved, sink, typeNames, type ScenarioRun } from './shared'

const CALIBRATION_EVENTS = 20_000
const MIN_EVENTS = 10_000
/** Share of the steady run discarded as warm-up. */
const SKIP = 0.1
/** Yield to the event loop (timers, I/O, setImmediate) when this many events are unhandled. */
const MAX_BEHIND = 64
const DEADLINE_MS = 30_000

const hrtime = process.hrtime.bigint

/** Publish, handler-start and handler-end stamps (`process.hrtime.bigint()`), indexed by `payload.i`. */
class Stamps {
  readonly published: BigInt64Array
  readonly started: BigInt64Array
  readonly ended: BigInt64Array
  constructor(size: number) {
    this.published = new BigInt64Array(size)
    this.started = new BigInt64Array(size)
    this.ended = new BigInt64Array(size)
  }
}

const stampingHandler =
  (stamps: Stamps, tally: Tally): SyncHandler =>
  (payload: BenchPayload): void => {
    const start = hrtime()
    sink.total += payload.n
    stamps.started[payload.i] = start
    stamps.ended[payload.i] = hrtime()
    tally.hit()
  }

/**
 * Publishes `batch` open-loop, event k due `intervalNs * k` after the start (0: as fast as
 * possible). Every publish is followed by one microtask yield, and the loop waits for due
 * times by yielding microtasks, so a bus that handles events in microtasks keeps up; when
 * more than 64 events are unhandled it yields to the event loop as well. Resolves with the
 * time to publish and handle everything, ns.
 */
const paced = async (c: AnyContender, tally: Tally, stamps: Stamps, batch: readonly unknown[], intervalNs: number): Promise<number> => {
  const first = tally.count
  const t0 = hrtime()
  const step = BigInt(Math.round(intervalNs))
  let due = t0
  for (let k = 0; k < batch.length; k++) {
    let t = hrtime()
    while (t < due) {
      await resolved
      t = hrtime()
    }
    stamps.published[k] = t
    c.publish(batch[k])
    due += step
    await resolved
    if (k - (tally.count - first) > MAX_BEHIND) await yieldToEventLoop()
  }
  const done = await tally.untilOrTimeout(first + batch.length, DEADLINE_MS)
  if (!done) throw new Error(`only ${tally.count - first} of ${batch.length} events handled`)
  return Number(hrtime() - t0)
}

const percentiles = (from: BigInt64Array, to: BigInt64Array, skip: number, count: number): { p50: number; p99: number } => {
  const d = new Float64Array(count - skip)
  for (let k = skip; k < count; k++) d[k - skip] = Number((to[k] ?? 0n) - (from[k] ?? 0n))
  d.sort()
  return { p50: quantileSorted(d, 0.5), p99: quantileSorted(d, 0.99) }
}

/**
 * S8: latency from publish to handler start and end. The maximum rate of the paced loop is
 * measured first (twice, the first run being warm-up); then events are published at half
 * that rate, for about one second (`latencyEvents` at most).
 */
export const latencyScenario: ScenarioRun = async ({ contender: c, options }) => {
  const tally = new Tally()
  const [type = 'bench.s8.t0'] = typeNames('s8', 1)
  const size = Math.max(options.latencyEvents, CALIBRATION_EVENTS)
  const stamps = new Stamps(size)
  c.on(type, stampingHandler(stamps, tally))
  const all = messages(c, [type], size)
  const calibration = all.slice(0, CALIBRATION_EVENTS)
  await paced(c, tally, stamps, calibration, 0)
  const calibrationNs = await paced(c, tally, stamps, calibration, 0)
  const maxRate = (CALIBRATION_EVENTS * 1e9) / calibrationNs
  const count = Math.min(options.latencyEvents, Math.max(MIN_EVENTS, Math.round(maxRate / 2)))
  const elapsedNs = await paced(c, tally, stamps, all.slice(0, count), 2e9 / maxRate)
  const skip = Math.floor(count * SKIP)
  const start = percentiles(stamps.published, stamps.started, skip, count)
  const end = percentiles(stamps.published, stamps.ended, skip, count)
  return {
    startP50Ns: start.p50,
    startP99Ns: start.p99,
    endP50Ns: end.p50,
    endP99Ns: end.p99,
    rateEvPerSec: (count * 1e9) / elapsedNs,
    maxRateEvPerSec: maxRate,
    events: count,
  }
}
