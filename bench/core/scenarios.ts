import type { ContenderName } from './types'

/** One figure a scenario reports, and which way is better. */
export interface FigureSpec {
  readonly key: string
  readonly label: string
  readonly unit: 'ev/s' | 'ns' | 'B' | 'MB' | 'ms' | 'events'
  readonly better: 'higher' | 'lower'
}

/** A scenario as the orchestrator and the report see it (the code lives in `bench/scenarios`). */
export interface ScenarioSpec {
  readonly id: ScenarioId
  readonly title: string
  /** What is measured, for the report and `docs/performance.md`. */
  readonly measures: string
  readonly contenders: readonly ContenderName[]
  readonly figures: readonly FigureSpec[]
  /** Seconds after which a worker process is killed. */
  readonly timeoutS: number
  /**
   * Whether the worker closes the contender afterwards. Not after S7: tearing down 100,000
   * RxJS subscriptions one by one is quadratic (`arrRemove`) and measures nothing we report.
   */
  readonly close: boolean
  /** At most this many processes per cell (slow, low-variance scenarios). */
  readonly maxRuns?: number
}

export const SCENARIO_IDS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'] as const
export type ScenarioId = (typeof SCENARIO_IDS)[number]
export const isScenarioId = (s: string): s is ScenarioId => (SCENARIO_IDS as readonly string[]).includes(s)

const throughput: FigureSpec = { key: 'eventsPerSec', label: 'events/s', unit: 'ev/s', better: 'higher' }

const SYNC: readonly ContenderName[] = ['ours', 'ours-nometrics', 'rxjs-map', 'rxjs-filter', 'eventemitter3', 'emittery', 'eventemitter2', 'nestjs-cqrs']
const ASYNC: readonly ContenderName[] = ['ours', 'ours-nometrics', 'rxjs-map', 'eventemitter3', 'emittery', 'eventemitter2', 'nestjs-cqrs']

export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    id: 's1',
    title: 'S1 fire and forget: 1 type, 1 sync handler',
    measures:
      'Batches of 1,000 prebuilt events, published without awaiting ten at a time; after each ten the loop waits until the ' +
      'handler saw them (or yields one microtask when it already did, as with synchronous emitters). ' +
      'Ours publishes a prebuilt `Event`; `ours-emit` calls `bus.emit(type, payload)`, which builds an `Event` per call.',
    contenders: ['ours', 'ours-nometrics', 'ours-emit', ...SYNC.slice(2)],
    figures: [throughput],
    timeoutS: 60,
    close: true,
  },
  {
    id: 's2',
    title: 'S2 fan-out: 1 type, 10 sync handlers',
    measures: 'As S1, with ten handlers on the one type; events/s counts published events (each handled ten times).',
    contenders: SYNC,
    figures: [throughput],
    timeoutS: 60,
    close: true,
  },
  {
    id: 's3',
    title: 'S3 routing: 100 types, 1 sync handler each',
    measures: 'As S1, with 100 types and one handler each, the events of a batch spread round-robin over the types.',
    contenders: SYNC,
    figures: [throughput],
    timeoutS: 60,
    close: true,
  },
  {
    id: 's4',
    title: 'S4 publish and await handling: 1 async handler, sequential',
    measures:
      'Each event is published and awaited until its async handler finished, one after another. Ours: ' +
      "`await bus.publish(e, { waitFor: 'handled' })`; Emittery `await emit()`; EventEmitter2 `await emitAsync()`; " +
      'raw RxJS `mergeMap` resolving a per-event callback; eventemitter3 and NestJS (which cannot await) emulated with a callback the handler calls.',
    contenders: ASYNC,
    figures: [throughput],
    timeoutS: 60,
    close: true,
  },
  {
    id: 's5',
    title: 'S5 async handler, concurrency 4',
    measures:
      'Batches of 1,000 events for one async handler with at most 4 calls at once: ours `subscribe(..., { concurrency: 4 })`, ' +
      'publish all then `await bus.drain()`; raw RxJS `mergeMap(h, 4)`; peers without a concurrency limit run 4 publishers that each await their events.',
    contenders: ASYNC,
    figures: [throughput],
    timeoutS: 60,
    close: true,
  },
  {
    id: 's6',
    title: 'S6 burst: 100,000 events published at once',
    measures:
      'After a 10,000-event warm-up burst and a GC, 100,000 events are published in one synchronous loop to one async handler ' +
      '(concurrency 4 where the library has it), then everything is awaited (ours: every publish promise and `bus.drain()`). ' +
      'Throughput over the whole burst, peak RSS (sampled in the loop, every 2 ms while draining, and at the end), RSS growth over the pre-burst baseline, and events lost. ' +
      '`handler-direct` is no bus: the loop calls the handler itself and keeps its Promise, the floor of any bus whose `publish` returns a Promise per event.',
    contenders: [...ASYNC, 'handler-direct'],
    figures: [
      throughput,
      { key: 'drainMs', label: 'time to drain', unit: 'ms', better: 'lower' },
      { key: 'peakRssMb', label: 'peak RSS', unit: 'MB', better: 'lower' },
      { key: 'rssGrowthMb', label: 'RSS growth', unit: 'MB', better: 'lower' },
      { key: 'lost', label: 'lost', unit: 'events', better: 'lower' },
      { key: 'publishLoopMs', label: 'publish loop', unit: 'ms', better: 'lower' },
    ],
    timeoutS: 150,
    close: true,
    maxRuns: 3,
  },
  {
    id: 's7',
    title: 'S7 memory per subscription (100,000 subscriptions)',
    measures:
      'Heap used after `gc()` before and after subscribing 100,000 distinct listener functions (built beforehand, as are ' +
      'NestJS’s handler instances and DI wrappers) to one type, divided by 100,000; ' +
      'one publish afterwards checks that every subscription is live, and the heap is read again after it ' +
      '(state a bus allocates on first use, such as per-handler metrics, shows there).',
    contenders: ['ours', 'ours-nometrics', 'rxjs-map', 'rxjs-filter', 'eventemitter3', 'emittery', 'eventemitter2', 'nestjs-cqrs'],
    figures: [
      { key: 'bytesPerSubscription', label: 'heap per subscription', unit: 'B', better: 'lower' },
      { key: 'bytesPerSubscriptionUsed', label: 'after one event each', unit: 'B', better: 'lower' },
    ],
    timeoutS: 90,
    close: false,
    maxRuns: 3,
  },
  {
    id: 's8',
    title: 'S8 latency publish -> handler, at half the maximum rate',
    measures:
      'The maximum rate of a publish loop that yields one microtask per event is measured first; then events are published ' +
      'open-loop at half that rate and `process.hrtime.bigint()` stamps the publish, the handler start and the handler end. p50/p99 in ns.',
    contenders: ASYNC,
    figures: [
      { key: 'startP50Ns', label: 'start p50', unit: 'ns', better: 'lower' },
      { key: 'startP99Ns', label: 'start p99', unit: 'ns', better: 'lower' },
      { key: 'endP50Ns', label: 'end p50', unit: 'ns', better: 'lower' },
      { key: 'endP99Ns', label: 'end p99', unit: 'ns', better: 'lower' },
      { key: 'rateEvPerSec', label: 'steady rate', unit: 'ev/s', better: 'higher' },
    ],
    timeoutS: 60,
    close: true,
  },
]

export const scenarioById = (id: ScenarioId): ScenarioSpec => {
  const spec = SCENARIOS.find((s) => s.id === id)
  if (spec === undefined) throw new Error(`unknown scenario ${id}`)
  return spec
}
