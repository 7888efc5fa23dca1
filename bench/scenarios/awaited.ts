import { Tally } from '../core/Tally'
import { asyncHandler, batchesPerSecond, messages, typeNames, type ScenarioRun } from './shared'

/** Sequential publish-and-await calls per tinybench sample in S4. */
export const SEQUENTIAL_BATCH = 200
/** Events per tinybench sample in S5. */
export const CONCURRENT_BATCH = 1000
export const CONCURRENCY = 4

/** S4: publish one event and await its one async handler, then the next. */
export const publishAndAwait: ScenarioRun = async ({ contender: c, options, notes }) => {
  const tally = new Tally()
  const [type = 'bench.s4.t0'] = typeNames('s4', 1)
  c.onAsync(type, asyncHandler(tally), 1)
  const batch = messages(c, [type], SEQUENTIAL_BATCH)
  if (!c.nativeAwait) notes.push('no built-in way to await handling: a per-event callback resolved after the handler')
  return batchesPerSecond(options, SEQUENTIAL_BATCH, async () => {
    for (let k = 0; k < batch.length; k++) await c.publishAndWait(batch[k])
  })
}

/**
 * S5: one async handler with at most 4 calls at once. Where the library limits concurrency
 * (ours, RxJS `mergeMap`), all events are published at once and then awaited (ours:
 * `bus.drain()`); elsewhere 4 publishers each await their share of the events in turn.
 */
export const concurrent: ScenarioRun = async ({ contender: c, options, notes }) => {
  const tally = new Tally()
  const [type = 'bench.s5.t0'] = typeNames('s5', 1)
  c.onAsync(type, asyncHandler(tally), CONCURRENCY)
  const batch = messages(c, [type], CONCURRENT_BATCH)
  if (!c.nativeConcurrency) notes.push(`no concurrency option: ${CONCURRENCY} publishers awaiting in turn`)
  const lane = async (first: number): Promise<void> => {
    for (let k = first; k < batch.length; k += CONCURRENCY) await c.publishAndWait(batch[k])
  }
  const lanes = Array.from({ length: CONCURRENCY }, (_, k) => k)
  return batchesPerSecond(options, CONCURRENT_BATCH, async () => {
    const target = tally.count + CONCURRENT_BATCH
    if (c.nativeConcurrency) {
      for (let k = 0; k < batch.length; k++) c.publishAsync(batch[k])
      await c.drain()
    } else {
      await Promise.all(lanes.map(lane))
    }
    const pending = tally.until(target)
    if (pending !== undefined) await pending
  })
}
