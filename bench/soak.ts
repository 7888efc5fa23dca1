/**
 * Load and soak test (issue #4): 1,000,000 events through 10 subscriptions on a bounded queue.
 * Checks that none is lost, that peak RSS stays below 150 MB, and that the heap after a forced
 * GC returns within 10 % of where it started. Run: `npm run bench:soak` (node --expose-gc).
 *
 * Flags: --events N (default 1,000,000), --json (one JSON line instead of the table).
 */
import { Event, EventBus, silentLogger } from '../lib'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

async function main(): Promise<void> {
  const total = arg('--events', 1_000_000)
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench:soak does)')
  const bus = new EventBus({ logger: silentLogger, maxQueueSize: arg('--max-queue', 1_000) })
  await bus.start()
  const handled = new Array<number>(10).fill(0)
  for (let s = 0; s < 10; s++) {
    if (s % 2 === 0) {
      bus.subscribe(
        'soak.tick',
        () => {
          handled[s]++
        },
        { name: `sync-${s}` },
      )
    } else {
      bus.subscribe(
        'soak.tick',
        async () => {
          await Promise.resolve()
          handled[s]++
        },
        { name: `async-${s}`, concurrency: 4 },
      )
    }
  }
  const warm = 20_000
  for (let i = 0; i < warm; i++) await bus.publish(new Event({ eventType: 'soak.tick', payload: { i } }))
  await bus.drain()
  gc()
  const heapStart = process.memoryUsage().heapUsed
  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 20)
  const t0 = performance.now()
  for (let i = 0; i < total; i++) {
    // Publish without awaiting unless the queue is full: 'wait' makes the promise wait for room.
    const p = bus.publish(new Event({ eventType: 'soak.tick', payload: { i } }))
    if ((i & 1023) === 0) await p
    else void p
  }
  await bus.drain()
  const seconds = (performance.now() - t0) / 1000
  clearInterval(sampler)
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
  const m = bus.getMetrics()
  await bus.stop()
  gc()
  const heapEnd = process.memoryUsage().heapUsed
  const expected = (total + warm) * 10
  const got = handled.reduce((a, b) => a + b, 0)
  const result = {
    events: total,
    subscriptions: 10,
    deliveriesExpected: expected,
    deliveriesHandled: got,
    lost: expected - got,
    eventsPerSecond: Math.round(total / seconds),
    peakRssMb: +(peakRss / 1048576).toFixed(1),
    heapStartMb: +(heapStart / 1048576).toFixed(2),
    heapEndMb: +(heapEnd / 1048576).toFixed(2),
    heapGrowthPct: +(((heapEnd - heapStart) / heapStart) * 100).toFixed(1),
    deadLetters: m.total.deadLetters,
    pass: { noneLost: expected === got, rssBelow150Mb: peakRss < 150 * 1048576, heapWithin10Pct: Math.abs(heapEnd - heapStart) <= 0.1 * heapStart },
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(result))
  else console.table(result)
  if (!result.pass.noneLost) process.exitCode = 1
}

void main()
