import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { Tally } from '../core/Tally'
import type { Listener } from '../core/types'
import { collectGarbage, typeNames, type ScenarioRun } from './shared'

const WARMUP_SUBSCRIPTIONS = 1000

/**
 * S7: heap bytes per subscription. `subscriptions` distinct listener functions (and, for
 * NestJS, their handler classes and DI wrappers) are built first; heap used after GC is read
 * before and after subscribing them all to one type (after letting pending async work settle),
 * and the difference divided by the count: what the bus keeps per subscription. One publish
 * afterwards must reach every listener; the heap is read once more after it, since a bus may
 * allocate per-subscription state (metrics) on first use.
 */
export const memoryScenario: ScenarioRun = async ({ contender: c, options, notes }) => {
  const tally = new Tally()
  const [type = 'bench.s7.t0', warmType = 'bench.s7.t1'] = typeNames('s7', 2)
  const listeners = (count: number): Listener[] =>
    Array.from({ length: count }, () => () => {
      tally.hit()
    })
  const warm = c.prepareListeners(warmType, listeners(WARMUP_SUBSCRIPTIONS))
  const prepared = c.prepareListeners(type, listeners(options.subscriptions))
  const probe = c.message(type, { n: 1, i: 0 })
  for (const l of warm) c.subscribePrepared(warmType, l)
  await yieldToEventLoop()
  collectGarbage()
  const before = process.memoryUsage().heapUsed
  for (const l of prepared) c.subscribePrepared(type, l)
  await yieldToEventLoop()
  collectGarbage()
  const after = process.memoryUsage().heapUsed
  c.publish(probe)
  const reached = await tally.untilOrTimeout(options.subscriptions, 30_000)
  if (!reached) notes.push(`one publish reached ${tally.count} of ${options.subscriptions} subscriptions`)
  await c.drain()
  await yieldToEventLoop()
  collectGarbage()
  const used = process.memoryUsage().heapUsed
  return {
    bytesPerSubscription: (after - before) / options.subscriptions,
    bytesPerSubscriptionUsed: (used - before) / options.subscriptions,
    reached: tally.count,
  }
}
