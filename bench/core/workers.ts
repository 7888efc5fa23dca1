/**
 * Building and starting worker processes: the esbuild bundle of `bench/worker.ts` (optionally
 * with `lib/` taken from another checkout, for `--ab`) and one `node` process per measurement.
 */
import { spawn } from 'node:child_process'
import type { Plugin } from 'esbuild'
import { join, relative, resolve, sep } from 'node:path'
import type { ScenarioSpec } from './scenarios'
import { RESULT_MARKER, type ContenderName, type WorkerOptions, type WorkerResult } from './types'

/** The repository's root (this file lives in `bench/core/`). */
export const ROOT = resolve(__dirname, '..', '..')

/** Where worker bundles go: under `node_modules`, so their external packages resolve from the root's. */
export const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'torematrix-bench')

/** How to start a worker: a prebuilt bundle (fast start), or `tsx` when bundling failed. */
export interface WorkerCommand {
  readonly args: readonly string[]
  readonly how: string
}

/** A worker bundle and the source files it was built from (absolute paths). */
export interface WorkerBundle {
  readonly command: WorkerCommand
  readonly inputs: readonly string[]
}

const isUnder = (path: string, dir: string): boolean => path === dir || path.startsWith(dir + sep)

/**
 * Bundles `bench/worker.ts` and its sources (ours included; packages stay external) with esbuild
 * into `outfile`. With `libDir`, every import of `<root>/lib/...` from the harness resolves to the
 * same path under `libDir` instead (the `lib/` of another checkout, or the root's own, so that both
 * sides of an A/B are resolved alike; imports inside `lib/` resolve as usual): the harness stays the working
 * tree's, only our bus changes. Throws when esbuild fails (a syntax error, a missing export).
 */
export const bundleWorker = async (outfile: string, libDir?: string): Promise<WorkerBundle> => {
  const esbuild = await import('esbuild')
  const ownLib = join(ROOT, 'lib')
  const swapLib: Plugin = {
    name: 'swap-lib',
    setup(build) {
      if (libDir === undefined) return
      build.onResolve({ filter: /^\.\.?(\/|$)/ }, async (args) => {
        const target = resolve(args.resolveDir, args.path)
        if (!isUnder(target, ownLib) || isUnder(args.importer, ownLib)) return undefined
        const swapped = join(libDir, relative(ownLib, target))
        const found = await build.resolve(swapped, { kind: args.kind, resolveDir: libDir })
        return found.errors.length > 0 ? { errors: found.errors } : { path: found.path }
      })
    },
  }
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'bench', 'worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'silent',
    metafile: true,
    plugins: [swapLib],
  })
  const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(process.cwd(), p))
  return { command: { args: [outfile], how: `esbuild bundle ${relative(ROOT, outfile)}` }, inputs }
}

/** The first lines of an error's message (esbuild's can be long). */
export const firstLines = (error: unknown, lines = 6): string => (error instanceof Error ? error.message.split('\n').slice(0, lines).join('\n') : String(error))

/**
 * The worker of a normal run: the bundle, or `tsx` when bundling failed (e.g. when `lib/` does
 * not compile yet: then only the processes of our bus fail).
 */
export const buildWorker = async (): Promise<WorkerCommand> => {
  try {
    return (await bundleWorker(join(BUILD_DIR, 'worker.cjs'))).command
  } catch (error) {
    console.warn(`bundling the worker failed, running it through tsx (slower start):\n${firstLines(error)}`)
    return { args: ['--import', 'tsx', join(ROOT, 'bench', 'worker.ts')], how: 'tsx' }
  }
}

/** What a worker process needs besides its scenario and contender. */
export interface WorkerRunOptions {
  readonly worker: WorkerOptions
  /** Write a V8 CPU profile per process to `bench/profiles/`. */
  readonly cpuProf: boolean
}

/** Runs one measurement in a fresh `node --expose-gc` process; never rejects (a failure is a result). */
export const runWorker = (command: WorkerCommand, spec: ScenarioSpec, contender: ContenderName, options: WorkerRunOptions): Promise<WorkerResult> =>
  new Promise((done) => {
    const profArgs = options.cpuProf
      ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench', 'profiles')}`, `--cpu-prof-name=${spec.id}-${contender}-${Date.now()}.cpuprofile`]
      : []
    const child = spawn(process.execPath, ['--expose-gc', ...profArgs, ...command.args, spec.id, contender, JSON.stringify(options.worker)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const killer = setTimeout(() => child.kill('SIGKILL'), (spec.timeoutS + 30) * 1000)
    child.on('close', (code, signal) => {
      clearTimeout(killer)
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER))
      if (line !== undefined) {
        try {
          done(JSON.parse(line.slice(RESULT_MARKER.length)) as WorkerResult)
          return
        } catch {
          // fall through: report the raw output
        }
      }
      const why = signal !== null ? `killed by ${signal}` : `exited with ${code}`
      done({ ok: false, scenario: spec.id, contender, error: `worker ${why} without a result: ${(stderr || stdout).trim().slice(0, 2000)}` })
    })
  })

const PRIMARY_UNIT: Record<string, string> = { eventsPerSec: 'ev/s', bytesPerSubscription: 'B/sub', startP50Ns: 'ns p50 start' }

/** One result as a progress line: the scenario's primary figure, or why the process failed. */
export const describeResult = (r: WorkerResult): string => {
  if (!r.ok) return `FAILED: ${r.error.split('\n')[0] ?? ''}`
  const key = Object.keys(PRIMARY_UNIT).find((k) => k in r.figures)
  if (key === undefined) return JSON.stringify(r.figures)
  const v = r.figures[key] ?? Number.NaN
  const shown = key === 'eventsPerSec' ? `${(v / 1e6).toFixed(3)} M` : v.toFixed(0)
  return `${shown} ${PRIMARY_UNIT[key] ?? ''}${r.notes.length > 0 ? ` (${r.notes.join('; ')})` : ''}`
}
