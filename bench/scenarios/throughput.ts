import { Tally } from '../core/Tally'
import { batchesPerSecond, messages, resolved, syncHandler, typeNames, type ScenarioRun } from './shared'

/** Events per tinybench sample in S1 to S3. */
export const BATCH = 1000
/**
 * Publishes between two yields. An application publishes a few events per callback and then
 * returns to the event loop; a loop of a thousand publishes without yielding is the burst of
 * S6. Without yields, buses that start a Promise per handler call (NestJS: `mergeMap` over a
 * Promise per event, with a linear `arrRemove` per completion) are quadratic in the batch size.
 */
export const CHUNK = 10

/**
 * S1 to S3: batches of prebuilt events published fire-and-forget, 10 at a time; after each
 * ten, wait until every handler call happened, or yield one microtask when they all already
 * did (synchronous emitters). `types` types with `handlersPerType` handlers each.
 */
export const throughput =
  (scenario: string, types: number, handlersPerType: number): ScenarioRun =>
  async ({ contender: c, options }) => {
    const tally = new Tally()
    const names = typeNames(scenario, types)
    for (const type of names) for (let h = 0; h < handlersPerType; h++) c.on(type, syncHandler(tally))
    const batch = messages(c, names, BATCH)
    return batchesPerSecond(options, BATCH, async () => {
      for (let k = 0; k < BATCH; k += CHUNK) {
        const target = tally.count + CHUNK * handlersPerType
        for (let j = k; j < k + CHUNK; j++) c.publish(batch[j])
        const pending = tally.until(target)
        await (pending ?? resolved)
      }
    })
  }
