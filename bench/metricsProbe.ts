/**
 * Heap probe of the metrics (issue #16): what a handler's statistics cost, and whether
 * subscribe/unsubscribe cycles grow the heap. Public API only, so the same file measures any
 * commit (copy it into a worktree of the other commit and run it there).
 *
 * Run: `node --expose-gc --import tsx bench/metricsProbe.ts [--handlers 400] [--cycles 2000] [--json]`
 *
 * - bytes per handler: `--handlers` subscriptions on a virtual clock, each timed over 200 calls
 *   spread over 70 s of virtual time (a full percentile window), durations log-uniform from 0.1
 *   to 50 ms ("wide") or uniform from 1.8 to 2.2 ms ("steady"); the heap of
 *   that bus minus the heap of the same bus with `metrics: false`, per handler, after a forced GC.
 * - cycles: `--cycles` times subscribe an anonymous handler, publish one event, unsubscribe; the
 *   heap after a forced GC before and after, and the size of the snapshot's handler map.
 */
import { asyncScheduler, timer, VirtualTimeScheduler } from 'rxjs'
import { Event, EventBus, silentLogger } from '../lib'
import { heapAfterGc, numberArg } from './core/heap'

/** The heap a bus with `handlers` timed subscriptions keeps (after a GC), metrics on or off. */
async function timedBus(handlers: number, metrics: boolean, duration: (random: number) => number): Promise<{ heap: number; keep: unknown }> {
  const scheduler = new VirtualTimeScheduler()
  scheduler.maxFrames = Number.POSITIVE_INFINITY
  const bus = new EventBus({ logger: silentLogger, scheduler, metrics, maxQueueSize: 1_000_000 })
  await bus.start()
  let seed = 1
  const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648
  for (let h = 0; h < handlers; h++) bus.subscribe('probe.tick', () => timer(duration(random()), scheduler), { name: `h${h}`, concurrency: Infinity })
  for (let k = 0; k < 200; k++) scheduler.schedule(() => void bus.publish(new Event({ eventType: 'probe.tick' })), k * 350)
  scheduler.flush()
  await bus.drain()
  const timedCalls = Object.values(bus.getMetrics().handlers).reduce((n, m) => n + m.successCount, 0)
  if (timedCalls !== (metrics ? handlers * 200 : 0)) throw new Error(`expected ${handlers * 200} calls, got ${timedCalls}`)
  return { heap: heapAfterGc(), keep: bus }
}

async function cycles(count: number): Promise<{ before: number; after: number; handlerEntries: number }> {
  const bus = new EventBus({ logger: silentLogger, scheduler: asyncScheduler })
  await bus.start()
  // one cycle first, so that lazily built parts of the bus are not counted
  const once = bus.subscribe('probe.cycle', () => undefined)
  await bus.publish(new Event({ eventType: 'probe.cycle' }))
  once.unsubscribe()
  await bus.drain()
  const before = heapAfterGc()
  for (let i = 0; i < count; i++) {
    const sub = bus.subscribe('probe.cycle', () => undefined)
    await bus.publish(new Event({ eventType: 'probe.cycle' }))
    sub.unsubscribe()
  }
  await bus.drain()
  await new Promise((resolve) => setImmediate(resolve))
  const handlerEntries = Object.keys(bus.getMetrics().handlers).length
  const after = heapAfterGc()
  await bus.stop()
  return { before, after, handlerEntries }
}

async function main(): Promise<void> {
  const handlers = numberArg('--handlers', 400)
  /** Heap per handler of the metrics: a bus with metrics minus the same bus without. */
  const perHandler = async (duration: (random: number) => number): Promise<number> => {
    const base = heapAfterGc()
    const off = await timedBus(handlers, false, duration)
    const offHeap = off.heap - base
    off.keep = null
    const base2 = heapAfterGc()
    const on = await timedBus(handlers, true, duration)
    const onHeap = on.heap - base2
    if (on.keep === null) throw new Error('the bus was collected before it was measured')
    return Math.round((onHeap - offHeap) / handlers)
  }
  const wide = await perHandler((r) => 0.1 * Math.pow(500, r)) // log-uniform, 0.1 to 50 ms
  const steady = await perHandler((r) => 1.8 + 0.4 * r) // 1.8 to 2.2 ms
  const c = await cycles(numberArg('--cycles', 2_000))
  const result = {
    handlers,
    bytesPerHandlerWide: wide,
    bytesPerHandlerSteady: steady,
    cycles: numberArg('--cycles', 2_000),
    cycleHeapGrowthBytes: c.after - c.before,
    handlerEntriesAfterCycles: c.handlerEntries,
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(result))
  else console.table(result)
}

void main()
