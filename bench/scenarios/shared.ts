import { Bench } from 'tinybench'
import type { Tally } from '../core/Tally'
import type { AnyContender, AsyncHandler, BenchPayload, Figures, SyncHandler, WorkerOptions } from '../core/types'

/** What every scenario function receives. */
export interface ScenarioContext {
  readonly contender: AnyContender
  readonly options: WorkerOptions
  /** Free-text remarks that end up in `results.json`. */
  readonly notes: string[]
}

export type ScenarioRun = (ctx: ScenarioContext) => Promise<Figures>

/** Handler side effects, so no handler body is dead code. */
export const sink = { total: 0 }

/** An already-resolved Promise: `await resolved` yields one microtask turn. */
export const resolved: Promise<void> = Promise.resolve()

/** A fresh synchronous handler (a distinct function each call) that counts into `tally`. */
export const syncHandler =
  (tally: Tally): SyncHandler =>
  (payload: BenchPayload): void => {
    sink.total += payload.n
    tally.hit()
  }

/**
 * A fresh asynchronous handler: it yields once (one microtask, the cheapest real async step)
 * and then does its work, so what is measured is each bus's async machinery, not the handler.
 */
export const asyncHandler =
  (tally: Tally): AsyncHandler =>
  async (payload: BenchPayload): Promise<void> => {
    await resolved
    sink.total += payload.n
    tally.hit()
  }

/** `count` types named `bench.<scenario>.t<k>` (valid event type names for every contender). */
export const typeNames = (scenario: string, count: number): string[] => Array.from({ length: count }, (_, k) => `bench.${scenario}.t${k}`)

/** `count` messages spread round-robin over `types`, each with its own payload object. */
export const messages = (c: AnyContender, types: readonly string[], count: number): unknown[] =>
  Array.from({ length: count }, (_, i) => c.message(types[i % types.length] ?? 'bench.none', { n: 1, i }))

/**
 * Times `batch` with tinybench (warm-up, then sampling for `timeMs`) and returns events per
 * second: `eventsPerBatch` divided by the mean batch time (total time / batches).
 */
export const batchesPerSecond = async (options: WorkerOptions, eventsPerBatch: number, batch: () => Promise<void>): Promise<Figures> => {
  const bench = new Bench({
    time: options.timeMs,
    warmupTime: options.warmupMs,
    iterations: 5,
    warmupIterations: 5,
    throws: true,
  })
  bench.add('batch', batch, { async: true })
  await bench.run()
  const task = bench.tasks.at(0)
  if (task === undefined) throw new Error('tinybench lost its task')
  const result = task.result
  if (result.state !== 'completed') throw new Error(`tinybench task ${result.state}`)
  const meanMs = result.totalTime / task.runs
  return { eventsPerSec: (eventsPerBatch * 1000) / meanMs, batches: task.runs, rmePercent: result.latency.rme }
}

/** Runs a full `gc()` twice (the workers start with `--expose-gc`); a third frees nothing more. */
export const collectGarbage = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('run the worker with node --expose-gc')
  for (let k = 0; k < 2; k++) gc()
}
