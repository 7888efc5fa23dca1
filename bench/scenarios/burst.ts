import { setTimeout as sleep } from 'node:timers/promises'
import { Tally } from '../core/Tally'
import type { AnyContender } from '../core/types'
import { CONCURRENCY } from './awaited'
import { asyncHandler, collectGarbage, messages, typeNames, type ScenarioRun } from './shared'

const MB = 1024 * 1024
const WARMUP_BURST = 10_000
const SAMPLE_EVERY_MS = 2
const SAMPLE_EVERY_PUBLISHES = 4096
/** How long to wait for the last handler calls before counting the rest as lost. */
const DEADLINE_MS = 120_000

interface BurstOutcome {
  readonly publishLoopMs: number
  readonly drainMs: number
  readonly peakRss: number
  readonly handled: number
  readonly rejected: boolean
}

const burst = async (c: AnyContender, tally: Tally, batch: readonly unknown[]): Promise<BurstOutcome> => {
  const rss = process.memoryUsage.rss
  let peakRss = rss()
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rss())
  }, SAMPLE_EVERY_MS)
  const before = tally.count
  const pending: Promise<unknown>[] = []
  const t0 = performance.now()
  for (let k = 0; k < batch.length; k++) {
    const r = c.publishAsync(batch[k])
    if (r instanceof Promise) pending.push(r)
    if (k % SAMPLE_EVERY_PUBLISHES === 0) peakRss = Math.max(peakRss, rss())
  }
  const publishLoopMs = performance.now() - t0
  peakRss = Math.max(peakRss, rss())
  let rejected = false
  try {
    await Promise.all(pending) // ours: every event accepted (the 'wait' policy held the excess)
  } catch {
    rejected = true
  }
  await c.drain() // ours: nothing queued or running; peers: nothing to wait for
  await tally.untilOrTimeout(before + batch.length, DEADLINE_MS)
  const drainMs = performance.now() - t0
  clearInterval(sampler)
  peakRss = Math.max(peakRss, rss())
  return { publishLoopMs, drainMs, peakRss, handled: tally.count - before, rejected }
}

/**
 * S6: a burst of `burstSize` events published in one synchronous loop to one async handler
 * (concurrency 4 where the library has the option), then everything awaited: every returned
 * publish Promise and `drain()` (ours), and the handler count. A 10,000-event burst warms up
 * first; RSS growth is measured against the RSS after that warm-up and a GC.
 */
export const burstScenario: ScenarioRun = async ({ contender: c, options, notes }) => {
  const tally = new Tally()
  const [type = 'bench.s6.t0'] = typeNames('s6', 1)
  c.onAsync(type, asyncHandler(tally), CONCURRENCY)
  const warm = messages(c, [type], WARMUP_BURST)
  const batch = messages(c, [type], options.burstSize)
  await burst(c, tally, warm)
  collectGarbage()
  await sleep(50)
  collectGarbage()
  const baseline = process.memoryUsage.rss()
  const out = await burst(c, tally, batch)
  if (out.rejected) notes.push('a publish promise rejected')
  const lost = options.burstSize - out.handled
  if (lost > 0) notes.push(`${lost} events not handled within ${DEADLINE_MS} ms`)
  return {
    eventsPerSec: (options.burstSize * 1000) / out.drainMs,
    drainMs: out.drainMs,
    publishLoopMs: out.publishLoopMs,
    peakRssMb: out.peakRss / MB,
    baselineRssMb: baseline / MB,
    rssGrowthMb: (out.peakRss - baseline) / MB,
    lost,
  }
}
