import type { ScenarioId } from '../core/scenarios'
import { concurrent, publishAndAwait } from './awaited'
import { burstScenario } from './burst'
import { latencyScenario } from './latency'
import { memoryScenario } from './memory'
import type { ScenarioRun } from './shared'
import { throughput } from './throughput'

/** The code of each scenario (their descriptions live in `core/scenarios.ts`). */
export const SCENARIO_RUNS: Readonly<Record<ScenarioId, ScenarioRun>> = {
  s1: throughput('s1', 1, 1),
  s2: throughput('s2', 1, 10),
  s3: throughput('s3', 100, 1),
  s4: publishAndAwait,
  s5: concurrent,
  s6: burstScenario,
  s7: memoryScenario,
  s8: latencyScenario,
}
