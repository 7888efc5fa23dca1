/**
 * Heap probe of the embedded history (issue #15): 1,000,000 events through a bus with
 * `history: { maxEvents: 10_000 }` against the same run without history, the heap after a
 * forced GC with the bus still alive. Each run is its own child process (same start heap).
 *
 * Run: `node --expose-gc --import tsx bench/historyProbe.ts [--events 1000000] [--max 10000] [--json]`
 */
import { spawnSync } from 'node:child_process'
import { Event, EventBus, silentLogger } from '../lib'
import { heapAfterGc, numberArg } from './core/heap'

/** One run: `events` events of four types through one subscription each; the heap after GC, the bus kept. */
async function run(events: number, maxEvents: number): Promise<{ start: number; heap: number; handled: number; held: number }> {
  const start = heapAfterGc()
  const bus = new EventBus({ logger: silentLogger, ...(maxEvents > 0 ? { history: { maxEvents } } : {}) })
  await bus.start()
  let handled = 0
  const types = ['probe.a', 'probe.b', 'probe.c', 'probe.d']
  for (const t of types)
    bus.subscribe(t, () => {
      handled++
    })
  for (let i = 0; i < events; i++) {
    await bus.publish(new Event({ eventType: types[i & 3], payload: { n: i, documentId: `doc-${i % 1000}` } }))
  }
  await bus.drain()
  const held = maxEvents > 0 ? await historyCount(bus) : 0
  const heap = heapAfterGc()
  if (handled !== events) throw new Error(`expected ${events} handled, got ${handled}`)
  ;(globalThis as { keep?: unknown }).keep = bus
  return { start, heap, handled, held }
}

async function historyCount(bus: EventBus): Promise<number> {
  let n = 0
  await new Promise<void>((resolve) =>
    bus.history$('probe.>').subscribe({
      next: () => {
        n++
      },
      complete: resolve,
    }),
  )
  return n
}

async function main(): Promise<void> {
  const events = numberArg('--events', 1_000_000)
  const max = numberArg('--max', 10_000)
  if (process.argv.includes('--child')) {
    process.stdout.write(JSON.stringify(await run(events, numberArg('--history', 0))) + '\n')
    return
  }
  const child = (history: number): { start: number; heap: number; held: number } => {
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', '--events', String(events), '--history', String(history)], {
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(r.stderr)
    return JSON.parse(r.stdout) as { start: number; heap: number; held: number }
  }
  const plain = child(0)
  const withHistory = child(max)
  const mb = (b: number): string => (b / 1024 / 1024).toFixed(1)
  const ratio = withHistory.heap / plain.heap
  const result = {
    events,
    maxEvents: max,
    held: withHistory.held,
    plainMB: mb(plain.heap),
    historyMB: mb(withHistory.heap),
    ratio: ratio.toFixed(3),
    perEventBytes: Math.round((withHistory.heap - plain.heap) / max),
  }
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(result) + '\n')
  else
    process.stdout.write(
      `${events.toLocaleString('en')} events; heap after GC: ${result.plainMB} MB without history, ${result.historyMB} MB with history { maxEvents: ${max} } (${result.held} held): ` +
        `x${result.ratio}, ~${result.perEventBytes} bytes per held event\n`,
    )
}

void main()
