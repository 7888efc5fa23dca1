/**
 * `npm run bench`: every scenario of issue 3 for our bus and its peers, each measurement in a
 * fresh process, several times; writes `bench/RESULTS.md`, `bench/results.json` and the chart
 * `docs/bench.svg` (`npm run bench:chart` redraws it from results.json).
 *
 *   npm run bench                             full run (7 processes per cell, about 8 minutes)
 *   npm run bench -- --quick                  2 processes per cell (1 for S6, S7), shorter samples, a
 *                                             50,000-event burst (under 2 minutes; a sanity check, not a record)
 *   npm run bench -- --runs 7                 processes per cell
 *   npm run bench -- --scenario s1,s3         only these scenarios
 *   npm run bench -- --contender ours,rxjs-map only these contenders
 *   npm run bench -- --cpu-prof               also write a V8 CPU profile per process to bench/profiles/
 *   npm run bench -- --render                 re-render bench/RESULTS.md from bench/results.json (no measuring)
 *   npm run bench -- --ab <ref>               A/B: our bus in the working tree against our bus at commit <ref>
 *                                             (S1 to S5 and S7 unless --scenario; --contender adds peers such as
 *                                             rxjs-map; --ab-base <ref2> replaces the working tree); see core/ab.ts
 *
 * A quick, filtered or profiled run writes `bench/results/partial.{md,json}` instead, so the
 * committed results always come from a full run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { AB_DEFAULT_SCENARIOS, runAb, type AbConfig } from './core/ab'
import { describeMachine, describeVersions, type Machine, type Versions } from './core/machine'
import { renderMarkdown, type RunInfo } from './core/report'
import { writeBenchChart } from './chart'
import { isScenarioId, SCENARIOS, type ScenarioSpec } from './core/scenarios'
import { checkTargets, summarize, type ScenarioSummary, type TargetCheck } from './core/summary'
import { CONTENDERS, isContenderName, type ContenderName, type WorkerOptions, type WorkerResult } from './core/types'
import { buildWorker, describeResult, ROOT, runWorker } from './core/workers'

interface Config {
  readonly runs: number
  readonly quick: boolean
  readonly scenarios: readonly ScenarioSpec[]
  readonly contenders: ReadonlySet<ContenderName>
  readonly cpuProf: boolean
  /** `--render`: only re-render `RESULTS.md` from `results.json`. */
  readonly render: boolean
  readonly partial: boolean
  readonly worker: WorkerOptions
  /** `--ab <ref>`: an A/B run against that commit instead of the full comparison. */
  readonly ab: AbConfig | null
}

const USAGE = `usage: npm run bench -- [--quick] [--runs N] [--scenario s1,s3] [--contender ours,emittery] [--cpu-prof] | --render
       npm run bench -- --ab <ref> [--ab-base <ref>] [--quick] [--runs N] [--scenario s1,s3] [--contender rxjs-map]
scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}
contenders: ${CONTENDERS.join(', ')}`

const list = (value: string | undefined): string[] | null =>
  value === undefined
    ? null
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0)

const parseConfig = (argv: readonly string[]): Config => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      scenario: { type: 'string' },
      contender: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      render: { type: 'boolean', default: false },
      ab: { type: 'string' },
      'ab-base': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const quick = values.quick
  const runs = values.runs === undefined ? (quick ? 2 : 7) : Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number >= 1, got ${values.runs}`)
  const scenarioIds = list(values.scenario)
  for (const id of scenarioIds ?? []) if (!isScenarioId(id)) throw new Error(`unknown scenario ${id}\n${USAGE}`)
  const contenderNames = list(values.contender)
  for (const name of contenderNames ?? []) if (!isContenderName(name)) throw new Error(`unknown contender ${name}\n${USAGE}`)
  const scenarios = SCENARIOS.filter((s) => scenarioIds === null || scenarioIds.includes(s.id))
  const contenders = new Set<ContenderName>(CONTENDERS.filter((c) => contenderNames === null || contenderNames.includes(c)))
  if (values['ab-base'] !== undefined && values.ab === undefined) throw new Error(`--ab-base needs --ab <ref>\n${USAGE}`)
  if (values.ab !== undefined && (values.render || values['cpu-prof'])) throw new Error(`--ab does not combine with --render or --cpu-prof\n${USAGE}`)
  const worker = quick
    ? { timeMs: 150, warmupMs: 50, burstSize: 50_000, subscriptions: 20_000, latencyEvents: 50_000 }
    : { timeMs: 400, warmupMs: 150, burstSize: 100_000, subscriptions: 100_000, latencyEvents: 100_000 }
  const ab: AbConfig | null =
    values.ab === undefined
      ? null
      : {
          ref: values.ab,
          base: values['ab-base'] ?? null,
          runs,
          quick,
          scenarios: scenarioIds === null ? SCENARIOS.filter((s) => AB_DEFAULT_SCENARIOS.includes(s.id)) : scenarios,
          extras: CONTENDERS.filter((c) => c !== 'ours' && contenderNames?.includes(c) === true),
          worker,
          command: ['npm run bench --', ...argv].join(' '),
        }
  return {
    runs,
    quick,
    scenarios,
    contenders,
    cpuProf: values['cpu-prof'],
    render: values.render,
    partial: quick || scenarioIds !== null || contenderNames !== null || values['cpu-prof'] || values.runs !== undefined,
    worker,
    ab,
  }
}

/** Processes per cell: `--runs`, capped for the slow, steady scenarios (S6, S7; one each with `--quick`). */
const runsOf = (config: Config, spec: ScenarioSpec): number =>
  spec.maxRuns === undefined ? config.runs : Math.min(config.runs, config.quick ? 1 : spec.maxRuns)

/**
 * `ours` and `ours-nometrics` in S1 to S5 run in twice as many processes: the metrics on/off
 * target compares the two on a difference of a few percent, where a single process's figure
 * swings by up to 2× with V8's inlining decisions (the other targets compare ratios of 2× to 50×).
 */
const PAIRED_CONTENDERS: ReadonlySet<ContenderName> = new Set<ContenderName>(['ours', 'ours-nometrics'])
const PAIRED_SCENARIOS: ReadonlySet<string> = new Set(['s1', 's2', 's3', 's4', 's5'])
const PAIRED_FACTOR = 2

const runsOfCell = (config: Config, spec: ScenarioSpec, contender: ContenderName): number =>
  !config.quick && PAIRED_SCENARIOS.has(spec.id) && PAIRED_CONTENDERS.has(contender) ? PAIRED_FACTOR * runsOf(config, spec) : runsOf(config, spec)

/** What `results.json` holds. */
interface ResultsFile {
  readonly info: RunInfo
  readonly machine: Machine
  readonly versions: Versions
  readonly worker: WorkerOptions
  readonly scenarios: readonly ScenarioSummary[]
  readonly targets: readonly TargetCheck[]
}

const resultsPaths = (partial: boolean): readonly [string, string] =>
  partial
    ? [join(ROOT, 'bench', 'results', 'partial.md'), join(ROOT, 'bench', 'results', 'partial.json')]
    : [join(ROOT, 'bench', 'RESULTS.md'), join(ROOT, 'bench', 'results.json')]

/** `--render`: rewrites `RESULTS.md` from `results.json` (targets rechecked), after a change to the report's format. */
const rerender = (): void => {
  const [mdPath, jsonPath] = resultsPaths(false)
  const saved = JSON.parse(readFileSync(jsonPath, 'utf8')) as ResultsFile
  const checks = checkTargets(saved.scenarios)
  writeFileSync(mdPath, renderMarkdown(saved.info, saved.machine, saved.versions, saved.scenarios, checks))
  writeFileSync(jsonPath, `${JSON.stringify({ ...saved, targets: checks }, null, 2)}\n`)
  console.log(`re-rendered ${relative(ROOT, mdPath)} from ${relative(ROOT, jsonPath)}`)
}

/** A cell whose first process took longer than this is measured in at most 2 processes (keeps a full run near 10 minutes). */
const SLOW_CELL_S = 20

const main = async (): Promise<void> => {
  const config = parseConfig(process.argv.slice(2))
  if (config.render) {
    rerender()
    return
  }
  if (config.ab !== null) {
    process.exitCode = await runAb(config.ab)
    return
  }
  const started = Date.now()
  const machine = describeMachine()
  const command = await buildWorker()
  const plan: { spec: ScenarioSpec; contender: ContenderName; round: number }[] = []
  // Rounds outermost: each round measures every cell once, so drift in the machine's load
  // spreads over all contenders instead of landing on one.
  for (let round = 1; round <= PAIRED_FACTOR * config.runs; round++) {
    for (const spec of config.scenarios) {
      for (const contender of spec.contenders) {
        if (config.contenders.has(contender) && round <= runsOfCell(config, spec, contender)) plan.push({ spec, contender, round })
      }
    }
  }
  console.log(`${plan.length} worker processes (${config.runs} per cell; ${command.how})`)
  const results: WorkerResult[] = []
  const firstSeconds = new Map<string, number>()
  const slowCells = new Map<string, string>()
  for (const [k, step] of plan.entries()) {
    const cell = `${step.spec.id} ${step.contender}`
    const first = firstSeconds.get(cell)
    if (step.round > 2 && first !== undefined && first > SLOW_CELL_S) {
      slowCells.set(cell, `2 processes (the first took ${first.toFixed(0)} s)`)
      continue
    }
    const t0 = Date.now()
    const result = await runWorker(command, step.spec, step.contender, config)
    results.push(result)
    const secs = (Date.now() - t0) / 1000
    if (step.round === 1) firstSeconds.set(cell, secs)
    console.log(`[${k + 1}/${plan.length}] ${step.spec.id} ${step.contender.padEnd(14)} round ${step.round}: ${describeResult(result)} (${secs.toFixed(1)} s)`)
  }

  const summaries = config.scenarios.map((spec) =>
    summarize(
      spec,
      results.filter((r) => r.scenario === spec.id),
    ),
  )
  const checks = checkTargets(summaries)
  const versions = describeVersions(ROOT)
  const info: RunInfo = {
    date: new Date().toISOString(),
    runs: config.runs,
    runsPerScenario: Object.fromEntries(config.scenarios.map((s) => [s.id, runsOf(config, s)])),
    slowCells: Object.fromEntries(slowCells),
    pairedRuns: config.quick ? null : PAIRED_FACTOR * config.runs,
    quick: config.quick,
    partial: config.partial,
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    durationS: (Date.now() - started) / 1000,
    timeMs: config.worker.timeMs,
    warmupMs: config.worker.warmupMs,
    burstSize: config.worker.burstSize,
    subscriptions: config.worker.subscriptions,
    latencyEvents: config.worker.latencyEvents,
  }
  const markdown = renderMarkdown(info, machine, versions, summaries, checks)
  const saved: ResultsFile = { info, machine, versions, worker: config.worker, scenarios: summaries, targets: checks }
  const json = JSON.stringify(saved, null, 2)
  const [mdPath, jsonPath] = resultsPaths(config.partial)
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true })
  writeFileSync(mdPath, markdown)
  writeFileSync(jsonPath, `${json}\n`)
  if (!config.partial) console.log(`wrote ${relative(ROOT, writeBenchChart(summaries))}`)
  const failed = checks.filter((c) => c.pass === false).map((c) => `${c.group}: ${c.label}`)
  console.log(`\nwrote ${relative(ROOT, mdPath)} and ${relative(ROOT, jsonPath)} in ${Math.round(info.durationS)} s`)
  console.log(
    `targets: ${checks.filter((c) => c.pass === true).length} pass, ${failed.length} fail, ${checks.filter((c) => c.pass === null).length} not measured`,
  )
  for (const f of failed) console.log(`  FAIL ${f}`)
  const broken = results.filter((r) => !r.ok).length
  if (broken > 0) {
    console.log(`${broken} worker process(es) failed; see the report`)
    process.exitCode = 1
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(2)
})
