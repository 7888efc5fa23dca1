import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as os from 'node:os'
import { join } from 'node:path'

/** Where and with what a run was made. */
export interface Machine {
  readonly os: string
  readonly cpu: string
  readonly cores: number
  readonly memoryGb: number
  readonly node: string
  readonly v8: string
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews figures. */
  readonly loadAverage: readonly number[]
}

export interface Versions {
  /** Our package and where its sources stood. */
  readonly ours: string
  /** Every contender's package (and the benchmark tools), name -> version. */
  readonly packages: Readonly<Record<string, string>>
}

const PACKAGES = [
  'rxjs',
  'eventemitter3',
  'emittery',
  'eventemitter2',
  '@nestjs/cqrs',
  '@nestjs/core',
  '@nestjs/common',
  'reflect-metadata',
  'tinybench',
  'esbuild',
] as const

const versionOf = (root: string, name: string): string => {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }
    return pkg.version ?? '?'
  } catch {
    return 'not installed'
  }
}

const git = (root: string, args: readonly string[]): string => {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return ''
  }
}

export const describeMachine = (): Machine => {
  const cpus = os.cpus()
  return {
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  }
}

export const describeVersions = (root: string): Versions => {
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string }
  const commit = git(root, ['rev-parse', '--short', 'HEAD'])
  const dirty = git(root, ['status', '--porcelain', '--', 'lib'])
    .split('\n')
    .filter((l) => l.length > 0).length
  const where = commit === '' ? 'no commit yet' : `commit ${commit}`
  const ours = `${own.name} ${own.version} (${where}${dirty > 0 ? `, ${dirty} uncommitted change(s) under lib/` : ''})`
  return { ours, packages: Object.fromEntries(PACKAGES.map((name) => [name, versionOf(root, name)])) }
}
