import type { FigureSpec, ScenarioId, ScenarioSpec } from './scenarios'
import { spreadOf, type Spread } from './stats'
import type { ContenderName, Figures, WorkerResult } from './types'

/** Everything measured for one contender in one scenario, over its processes. */
export interface CellSummary {
  readonly contender: ContenderName
  /** The figures of each successful process, in run order. */
  readonly runs: readonly Figures[]
  /** Errors of failed processes. */
  readonly failures: readonly string[]
  readonly notes: readonly string[]
  /** Median and spread over processes, per figure. */
  readonly figures: Readonly<Partial<Record<string, Spread>>>
  /** This contender's median divided by ours, per figure (absent without our median). */
  readonly ratioToOurs: Readonly<Partial<Record<string, number>>>
}

export interface ScenarioSummary {
  readonly id: ScenarioId
  readonly title: string
  readonly measures: string
  readonly figures: readonly FigureSpec[]
  readonly cells: readonly CellSummary[]
}

/** Folds the raw worker results of one scenario into medians, spreads and ratios to ours. */
export const summarize = (spec: ScenarioSpec, results: readonly WorkerResult[]): ScenarioSummary => {
  const perContender = spec.contenders.map((contender) => {
    const mine = results.filter((r) => r.contender === contender)
    const runs = mine.flatMap((r) => (r.ok ? [r.figures] : []))
    const failures = mine.flatMap((r) => (r.ok ? [] : [r.error]))
    const notes = [...new Set(mine.flatMap((r) => (r.ok ? r.notes : [])))]
    const keys = [...new Set(runs.flatMap((f) => Object.keys(f)))]
    const figures = Object.fromEntries(keys.map((k) => [k, spreadOf(runs.map((f) => f[k] ?? Number.NaN))]))
    return { contender, runs, failures, notes, figures }
  })
  const ours = perContender.find((c) => c.contender === 'ours')
  const cells = perContender
    .filter((c) => c.runs.length > 0 || c.failures.length > 0)
    .map((c): CellSummary => {
      const ratioToOurs: Record<string, number> = {}
      for (const [k, s] of Object.entries(c.figures)) {
        const base = ours?.figures[k]?.median
        if (base !== undefined && base !== 0 && Number.isFinite(base) && Number.isFinite(s.median)) ratioToOurs[k] = s.median / base
      }
      return { ...c, ratioToOurs }
    })
  return { id: spec.id, title: spec.title, measures: spec.measures, figures: spec.figures, cells }
}

/** One target of issue 3, checked against one run. */
export interface TargetCheck {
  readonly group: string
  readonly label: string
  /** The measured ratio (or bytes), `null` when a contender is missing from the run. */
  readonly value: number | null
  readonly need: string
  readonly pass: boolean | null
  /** How `value` is expressed: a ratio (`×`), a share (`%`), bytes or events. */
  readonly unit: '×' | '%' | 'B' | 'events'
}

const medianOf = (summaries: readonly ScenarioSummary[], id: ScenarioId, contender: ContenderName, figure: string): number | undefined => {
  const m = summaries.find((s) => s.id === id)?.cells.find((c) => c.contender === contender)?.figures[figure]?.median
  return m !== undefined && Number.isFinite(m) ? m : undefined
}

const PEER_LABEL: Partial<Record<ContenderName, string>> = {
  emittery: 'Emittery',
  'nestjs-cqrs': 'NestJS CQRS',
  'rxjs-map': 'raw RxJS (Map)',
}

/** Every target of issue 3 ("Targets (ratios from one run)"), as PASS / FAIL / not measured. */
export const checkTargets = (summaries: readonly ScenarioSummary[]): TargetCheck[] => {
  const checks: TargetCheck[] = []
  const ratio = (
    group: string,
    label: string,
    a: number | undefined,
    b: number | undefined,
    op: '>=' | '<=',
    bound: number,
    unit: TargetCheck['unit'] = '×',
  ): void => {
    const value = a !== undefined && b !== undefined && b !== 0 ? a / b : null
    const pass = value === null ? null : op === '>=' ? value >= bound : value <= bound
    checks.push({ group, label, value, need: `${op === '>=' ? '≥' : '≤'} ${bound}${unit === '×' ? '×' : ''}`, pass, unit })
  }
  const tp = (id: ScenarioId, c: ContenderName): number | undefined => medianOf(summaries, id, c, 'eventsPerSec')

  for (const id of ['s1', 's2', 's3'] as const) {
    const group = 'Scenarios 1 to 3'
    ratio(group, `${id.toUpperCase()}: ours ÷ ${PEER_LABEL.emittery}`, tp(id, 'ours'), tp(id, 'emittery'), '>=', 10)
    ratio(group, `${id.toUpperCase()}: ours ÷ ${PEER_LABEL['nestjs-cqrs']}`, tp(id, 'ours'), tp(id, 'nestjs-cqrs'), '>=', 10)
    ratio(group, `${id.toUpperCase()}: ours ÷ ${PEER_LABEL['rxjs-map']}`, tp(id, 'ours'), tp(id, 'rxjs-map'), '>=', 0.5)
  }
  ratio('Scenarios 1 to 3', 'S3 ÷ S1 (ours: routing cost flat in the number of types)', tp('s3', 'ours'), tp('s1', 'ours'), '>=', 0.8)

  for (const id of ['s4', 's5'] as const) {
    const group = 'Scenarios 4 and 5'
    ratio(group, `${id.toUpperCase()}: ours ÷ ${PEER_LABEL.emittery}`, tp(id, 'ours'), tp(id, 'emittery'), '>=', 3)
    ratio(group, `${id.toUpperCase()}: ours ÷ ${PEER_LABEL['nestjs-cqrs']}`, tp(id, 'ours'), tp(id, 'nestjs-cqrs'), '>=', 2)
    ratio(group, `${id.toUpperCase()}: ours ÷ raw RxJS mergeMap`, tp(id, 'ours'), tp(id, 'rxjs-map'), '>=', 0.7)
  }

  ratio('Scenario 6', 'throughput: ours ÷ Emittery', tp('s6', 'ours'), tp('s6', 'emittery'), '>=', 10)
  ratio(
    'Scenario 6',
    'RSS growth during the burst: ours ÷ Emittery',
    medianOf(summaries, 's6', 'ours', 'rssGrowthMb'),
    medianOf(summaries, 's6', 'emittery', 'rssGrowthMb'),
    '<=',
    0.2,
  )
  const s6 = summaries.find((s) => s.id === 's6')?.cells.find((c) => c.contender === 'ours')
  const lost = s6 === undefined || s6.runs.length === 0 ? null : Math.max(...s6.runs.map((f) => f.lost ?? Number.NaN))
  checks.push({
    group: 'Scenario 6',
    label: 'events lost by ours (worst process)',
    value: lost !== null && Number.isFinite(lost) ? lost : null,
    need: '= 0',
    pass: lost === null || !Number.isFinite(lost) ? null : lost === 0 && (s6?.failures.length ?? 0) === 0,
    unit: 'events',
  })

  for (const [key, label] of [
    ['bytesPerSubscription', 'heap per subscription (ours)'],
    ['bytesPerSubscriptionUsed', 'heap per subscription after one event each (ours)'],
  ] as const) {
    const bytes = medianOf(summaries, 's7', 'ours', key)
    checks.push({
      group: 'Scenario 7',
      label,
      value: bytes ?? null,
      need: '≤ 1024 B',
      pass: bytes === undefined ? null : bytes <= 1024,
      unit: 'B',
    })
  }

  for (const peer of ['emittery', 'nestjs-cqrs'] as const) {
    for (const [key, name] of [
      ['startP50Ns', 'start p50'],
      ['startP99Ns', 'start p99'],
      ['endP50Ns', 'end p50'],
      ['endP99Ns', 'end p99'],
    ] as const) {
      ratio(
        'Scenario 8',
        `${name}: ours ÷ ${PEER_LABEL[peer] ?? peer}`,
        medianOf(summaries, 's8', 'ours', key),
        medianOf(summaries, 's8', peer, key),
        '<=',
        0.5,
      )
    }
  }

  for (const id of ['s1', 's2', 's3', 's4', 's5'] as const) {
    const on = tp(id, 'ours')
    const off = tp(id, 'ours-nometrics')
    const value = on !== undefined && off !== undefined ? (Math.abs(on - off) / Math.max(on, off)) * 100 : null
    checks.push({
      group: 'Metrics on versus off',
      label: `${id.toUpperCase()}: (faster − slower) ÷ faster`,
      value,
      need: '≤ 15 %',
      pass: value === null ? null : value <= 15,
      unit: '%',
    })
  }
  return checks
}
