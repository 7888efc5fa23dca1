/**
 * `npm run bench -- --ab <ref>`: our bus from the working tree against our bus from a commit,
 * in one run. The commit is checked out into a temporary `git worktree` (sharing the root's
 * `node_modules` through a symlink), and the harness (the working tree's `bench/`) is bundled a
 * second time with its `lib/` imports pointing at that checkout. Both sides then run the same
 * scenario code as the `ours` contender, alternating within every round, one fresh process per
 * measurement. Writes `bench/results/ab.{md,json}` (ignored by git).
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { abExtraRows, abLegend, abRows, renderAbExtras, renderAbTable, type AbProcess } from './abReport'
import { describeMachine, describeVersions } from './machine'
import type { ScenarioId, ScenarioSpec } from './scenarios'
import type { ContenderName, WorkerOptions } from './types'
import { BUILD_DIR, bundleWorker, describeResult, firstLines, ROOT, runWorker, type WorkerCommand } from './workers'

/** Scenarios of an A/B run unless `--scenario` says otherwise: the throughput ones and memory per subscription. */
export const AB_DEFAULT_SCENARIOS: readonly ScenarioId[] = ['s1', 's2', 's3', 's4', 's5', 's7']

/** What `--ab` needs from the command line. */
export interface AbConfig {
  /** The commit to compare against (side B), any git revision. */
  readonly ref: string
  /** `--ab-base`: a commit for side A instead of the working tree (e.g. while `lib/` is mid-edit). */
  readonly base: string | null
  /** Processes per side and scenario (capped for S6 and S7 as in a normal run). */
  readonly runs: number
  readonly quick: boolean
  readonly scenarios: readonly ScenarioSpec[]
  /** Further contenders measured from the working tree's harness beside the two sides (e.g. `rxjs-map`). */
  readonly extras: readonly ContenderName[]
  readonly worker: WorkerOptions
  /** The command line, for the report. */
  readonly command: string
}

/** A commit checked out in a temporary worktree. */
interface Checkout {
  readonly dir: string
  readonly sha: string
  readonly short: string
}

/** One bus under test: a label in the report and the worker bundle that measures it as `ours`. */
interface Side {
  readonly label: string
  readonly source: string
  readonly command: WorkerCommand
}

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Runs git in the root, retrying a few times while another process holds a lock file. */
const git = (args: readonly string[]): string => {
  for (let attempt = 1; ; attempt++) {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
    } catch (error) {
      const stderr = (error as { stderr?: unknown }).stderr
      const text = typeof stderr === 'string' ? stderr.trim() : firstLines(error)
      if (!text.includes('.lock') || attempt >= 10) throw new Error(`git ${args.join(' ')}: ${text}`)
      sleep(1000)
    }
  }
}

/** What the running A/B has to undo: its worktrees (removed first), then its directories. */
const pending: { worktrees: string[]; dirs: string[] } = { worktrees: [], dirs: [] }

/** Removes what `argv[1]` lists (a separate process, so that it also runs to its end after Ctrl-C). */
const CLEANUP_SCRIPT = `
const { execFileSync } = require('node:child_process')
const { rmSync } = require('node:fs')
const { root, worktrees, dirs } = JSON.parse(process.argv[1])
const git = (...args) => { try { execFileSync('git', args, { cwd: root, stdio: 'ignore' }) } catch {} }
for (const w of worktrees) git('worktree', 'remove', '--force', w)
for (const d of dirs) rmSync(d, { recursive: true, force: true })
git('worktree', 'prune')
`

const takePending = (): string | null => {
  if (pending.worktrees.length === 0 && pending.dirs.length === 0) return null
  const json = JSON.stringify({ root: ROOT, ...pending })
  pending.worktrees = []
  pending.dirs = []
  return json
}

/** Removes the worktrees and directories now (after the run, or when it failed). */
const cleanUp = (): void => {
  const json = takePending()
  if (json === null) return
  try {
    execFileSync(process.execPath, ['-e', CLEANUP_SCRIPT, json], { stdio: 'ignore' })
  } catch (error) {
    console.warn(`removing the A/B worktree(s) failed: ${firstLines(error, 2)}`)
  }
}

/**
 * Ctrl-C: the cleanup runs in a detached process, since `tsx` kills a child that has not exited
 * within a few tens of milliseconds of the signal (and the measuring processes are gone already).
 */
const onSignal = (signal: NodeJS.Signals): void => {
  const json = takePending()
  if (json !== null) {
    console.error(`\n${signal}: removing the A/B worktree(s) in the background`)
    spawn(process.execPath, ['-e', CLEANUP_SCRIPT, json], { detached: true, stdio: 'ignore' }).unref()
  }
  process.exit(130)
}

/** Checks out `ref` into a temporary worktree with the root's `node_modules` linked in. */
const checkout = (ref: string, tmp: string): Checkout => {
  let sha: string
  try {
    sha = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
  } catch {
    throw new Error(`--ab: ${ref} is not a commit of this repository`)
  }
  const short = git(['rev-parse', '--short', sha])
  const dir = join(tmp, short)
  if (existsSync(dir)) return { dir, sha, short }
  pending.worktrees.push(dir)
  git(['worktree', 'add', '--detach', dir, sha])
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  if (!existsSync(join(dir, 'lib', 'index.ts'))) throw new Error(`${ref} (${short}) has no lib/index.ts`)
  return { dir, sha, short }
}

/**
 * Bundles the harness for one side and checks that its `lib/` came from `libDir` alone. Both
 * sides go through the same `lib/` redirection (the working tree's to its own `lib/`): esbuild
 * emits a module it resolved through a plugin slightly differently (no `"use strict"`), so the
 * two bundles then differ only in their file paths. A missing export (the commit's `lib/` lacks
 * part of the API `bench/contenders/ours.ts` uses) fails here, with esbuild's message.
 */
const buildSide = async (label: string, source: string, outfile: string, libDir: string): Promise<Side> => {
  let bundle
  try {
    bundle = await bundleWorker(outfile, libDir)
  } catch (error) {
    const hint = libDir === join(ROOT, 'lib') ? ' (the working tree does not bundle: try --ab-base <ref> to compare two commits)' : ''
    throw new Error(`bundling ${label} from ${source} failed${hint}:\n${firstLines(error, 12)}`)
  }
  const under = (dir: string): string[] => bundle.inputs.filter((p) => p.startsWith(dir + sep))
  const wanted = under(libDir)
  const stray = libDir === join(ROOT, 'lib') ? [] : under(join(ROOT, 'lib'))
  if (wanted.length === 0 || stray.length > 0) throw new Error(`${label}: the bundle's lib/ does not come from ${source} alone (${stray.join(', ')})`)
  return { label, source, command: bundle.command }
}

const runsOf = (config: AbConfig, spec: ScenarioSpec): number =>
  spec.maxRuns === undefined ? config.runs : Math.min(config.runs, config.quick ? 1 : spec.maxRuns)

/** Every process of the run, rounds outermost; within a round the two sides alternate, the first side switching each round. */
const planOf = (config: AbConfig, a: Side, b: Side, extras: Side) => {
  const plan: { spec: ScenarioSpec; side: Side; contender: ContenderName; round: number }[] = []
  for (let round = 1; round <= config.runs; round++) {
    for (const spec of config.scenarios) {
      if (round > runsOf(config, spec)) continue
      for (const side of round % 2 === 1 ? [a, b] : [b, a]) plan.push({ spec, side, contender: 'ours', round })
      for (const contender of config.extras) if (spec.contenders.includes(contender)) plan.push({ spec, side: extras, contender, round })
    }
  }
  return plan
}

const measure = async (config: AbConfig, a: Side, b: Side): Promise<AbProcess[]> => {
  const plan = planOf(config, a, b, a)
  console.log(`${plan.length} worker processes (${config.runs} per side and scenario; A: ${a.label} from ${a.source}, B: ${b.label} from ${b.source})`)
  const processes: AbProcess[] = []
  for (const [k, step] of plan.entries()) {
    const t0 = Date.now()
    const result = await runWorker(step.side.command, step.spec, step.contender, { worker: config.worker, cpuProf: false })
    const label = step.contender === 'ours' ? step.side.label : step.contender
    processes.push({ label, result })
    const secs = ((Date.now() - t0) / 1000).toFixed(1)
    console.log(`[${k + 1}/${plan.length}] ${step.spec.id} ${label.padEnd(16)} round ${step.round}: ${describeResult(result)} (${secs} s)`)
    if (step.round === 1 && plan.at(k + 1)?.round !== 1) {
      // After round 1: a side none of whose processes worked would only fail again.
      for (const side of [a, b]) {
        const mine = processes.flatMap((p) => (p.label === side.label ? [p.result] : []))
        const first = mine.find((r) => !r.ok)
        if (mine.length > 0 && mine.every((r) => !r.ok) && first?.ok === false) {
          throw new Error(`every process of ${side.label} failed in round 1: ${first.error.slice(0, 1500)}`)
        }
      }
    }
  }
  return processes
}

/**
 * Runs the A/B comparison and writes `bench/results/ab.{md,json}`; the worktree(s) are removed
 * afterwards, also when something fails. Resolves to the process exit code (1 when a worker failed).
 */
export const runAb = async (config: AbConfig): Promise<number> => {
  const started = Date.now()
  const tmp = mkdtempSync(join(tmpdir(), 'torematrix-bench-ab-'))
  const outDir = join(BUILD_DIR, `ab-${process.pid}`)
  pending.dirs.push(tmp, outDir)
  const exitCleanUp = (): void => {
    cleanUp()
  }
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal).once('exit', exitCleanUp)
  try {
    const refOut = checkout(config.ref, tmp)
    const baseOut = config.base === null ? null : checkout(config.base, tmp)
    const labelB = `ours@${refOut.short}`
    let labelA = baseOut === null ? 'ours' : `ours@${baseOut.short}`
    if (labelA === labelB) labelA = `${labelA} (A)`
    mkdirSync(outDir, { recursive: true })
    const a =
      baseOut === null
        ? await buildSide(labelA, 'the working tree', join(outDir, 'a.cjs'), join(ROOT, 'lib'))
        : await buildSide(labelA, `${config.base ?? ''} (${baseOut.sha})`, join(outDir, 'a.cjs'), join(baseOut.dir, 'lib'))
    const b = await buildSide(labelB, `${config.ref} (${refOut.sha})`, join(outDir, 'b.cjs'), join(refOut.dir, 'lib'))
    const machine = describeMachine()
    const processes = await measure(config, a, b)

    const rows = abRows(config.scenarios, processes, a.label, b.label)
    const extras = abExtraRows(config.scenarios, processes, config.extras)
    const table = renderAbTable(rows, a.label, b.label)
    const extrasTable = renderAbExtras(extras)
    const legend = abLegend(a.label, b.label)
    const failed = processes.filter((p) => !p.result.ok)
    const failures = failed.map((p) => `- ${p.result.scenario} ${p.label}: \`${(p.result.ok ? '' : p.result.error).split('\n')[0] ?? ''}\``)
    const durationS = (Date.now() - started) / 1000
    const versions = describeVersions(ROOT)
    const runsText = config.scenarios.map((s) => `${s.id.toUpperCase()} ${runsOf(config, s)}`).join(', ')
    const markdown = [
      `# A/B: ${a.label} against ${b.label}`,
      '',
      `Generated by \`${config.command}\` on ${new Date(started).toISOString()} in ${Math.round(durationS)} s.`,
      `A: ${a.label} = ${a.source}${baseOut === null ? ` (${versions.ours})` : ''}. B: ${b.label} = ${b.source}.`,
      `Processes per side (fresh, alternating A and B within each round): ${runsText}. ` +
        `Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.join(', ')}.`,
      '',
      table,
      '',
      legend,
      ...(extrasTable === '' ? [] : ['', '## Other contenders (working-tree harness)', '', extrasTable]),
      ...(failures.length === 0 ? [] : ['', '## Failed processes', '', ...failures]),
      '',
    ].join('\n')
    const resultsDir = join(ROOT, 'bench', 'results')
    mkdirSync(resultsDir, { recursive: true })
    const mdPath = join(resultsDir, 'ab.md')
    const jsonPath = join(resultsDir, 'ab.json')
    writeFileSync(mdPath, markdown)
    const info = { date: new Date(started).toISOString(), command: config.command, durationS, runs: config.runs, quick: config.quick }
    const sides = { a: { label: a.label, source: a.source }, b: { label: b.label, source: b.source, sha: refOut.sha } }
    const json = { info, sides, machine, versions, worker: config.worker, rows, extras, processes }
    writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`)
    console.log(`\n${table}\n\n${legend}${extrasTable === '' ? '' : `\n\n${extrasTable}`}`)
    console.log(`\nwrote ${relative(ROOT, mdPath)} and ${relative(ROOT, jsonPath)} in ${Math.round(durationS)} s`)
    if (failed.length > 0) console.log(`${failed.length} worker process(es) failed; see ${relative(ROOT, mdPath)}`)
    return failed.length > 0 ? 1 : 0
  } finally {
    cleanUp()
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal).off('exit', exitCleanUp)
  }
}
