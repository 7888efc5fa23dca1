/**
 * `npm run bench:chart`: draws docs/bench.svg (events/s per scenario and contender, log scale)
 * from the committed bench/results.json, without measuring. `npm run bench` draws it too after a
 * full run.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { benchChartSvg, chartGroupsOf } from './core/chart'
import type { ScenarioSummary } from './core/summary'

/** Where the chart goes. */
export const CHART_PATH = join(__dirname, '..', 'docs', 'bench.svg')

/** Writes the chart of `scenarios` to docs/bench.svg; returns the path. */
export const writeBenchChart = (scenarios: readonly ScenarioSummary[], path = CHART_PATH): string => {
  writeFileSync(path, benchChartSvg(chartGroupsOf(scenarios)))
  return path
}

if (require.main === module) {
  const results = JSON.parse(readFileSync(join(__dirname, 'results.json'), 'utf8')) as { readonly scenarios: readonly ScenarioSummary[] }
  const path = writeBenchChart(results.scenarios)
  console.log(`wrote ${relative(process.cwd(), path)} from bench/results.json`)
}
