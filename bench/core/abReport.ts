/**
 * The table of an A/B run (`npm run bench -- --ab <ref>`): per scenario and figure, the median
 * of each side, their ratio and whether the difference stands out of the spread.
 */
import { fmt, row } from './report'
import type { FigureSpec, ScenarioSpec } from './scenarios'
import { spreadOf, type Spread } from './stats'
import type { WorkerResult } from './types'

/** One measured process of an A/B run, with the side (or extra contender) it belongs to. */
export interface AbProcess {
  readonly label: string
  readonly result: WorkerResult
}

/** One row of the A/B table: a figure of a scenario, both sides' spreads and `a ÷ b`. */
export interface AbRow {
  readonly scenario: string
  readonly title: string
  readonly figure: FigureSpec
  readonly a: Spread
  readonly b: Spread
  /** Median of side A over median of side B; `null` when either is missing or B's is 0. */
  readonly ratio: number | null
  /**
   * `'better'` / `'worse'` for A against B; `'overlap'` when the min–max ranges overlap; `'few'`
   * with fewer than `MIN_VERDICT_RUNS` processes on a side; `'n/a'` when not measured.
   */
  readonly verdict: 'better' | 'worse' | 'overlap' | 'few' | 'n/a'
}

/** An extra contender's figure (e.g. `rxjs-map`, an anchor for the machine's drift). */
export interface AbExtraRow {
  readonly scenario: string
  readonly figure: FigureSpec
  readonly label: string
  readonly spread: Spread
}

const spreadFor = (processes: readonly AbProcess[], scenario: string, label: string, key: string): Spread =>
  spreadOf(processes.flatMap((p) => (p.label === label && p.result.scenario === scenario && p.result.ok ? [p.result.figures[key] ?? Number.NaN] : [])))

/**
 * Processes per side below which no verdict is given: a single process can land 2× off (V8's
 * inlining decisions), so two processes whose ranges do not overlap prove nothing.
 */
export const MIN_VERDICT_RUNS = 3

const verdictOf = (figure: FigureSpec, a: Spread, b: Spread, ratio: number | null): AbRow['verdict'] => {
  if (ratio === null) return 'n/a'
  if (Math.min(a.n, b.n) < MIN_VERDICT_RUNS) return 'few'
  if (a.min <= b.max && b.min <= a.max) return 'overlap'
  return (figure.better === 'higher') === ratio > 1 ? 'better' : 'worse'
}

/** Folds the processes of an A/B run into one row per scenario and figure. */
export const abRows = (specs: readonly ScenarioSpec[], processes: readonly AbProcess[], labelA: string, labelB: string): AbRow[] =>
  specs.flatMap((spec) =>
    spec.figures.map((figure): AbRow => {
      const a = spreadFor(processes, spec.id, labelA, figure.key)
      const b = spreadFor(processes, spec.id, labelB, figure.key)
      const ratio = a.n > 0 && b.n > 0 && b.median !== 0 ? a.median / b.median : null
      return { scenario: spec.id, title: spec.title, figure, a, b, ratio, verdict: verdictOf(figure, a, b, ratio) }
    }),
  )

/** The figures of the extra contenders, one row per scenario, figure and contender. */
export const abExtraRows = (specs: readonly ScenarioSpec[], processes: readonly AbProcess[], labels: readonly string[]): AbExtraRow[] =>
  specs.flatMap((spec) =>
    spec.figures.flatMap((figure) =>
      labels.flatMap((label) => {
        const spread = spreadFor(processes, spec.id, label, figure.key)
        return spread.n === 0 ? [] : [{ scenario: spec.id, figure, label, spread }]
      }),
    ),
  )

const cell = (s: Spread, unit: FigureSpec['unit']): string =>
  s.n === 0 ? 'failed' : `${fmt(s.median, unit)}${s.n > 1 ? ` (${fmt(s.min, unit)}–${fmt(s.max, unit)})` : ''}`

const verdictText = (r: AbRow): string => {
  if (r.ratio === null) return 'n/a'
  const change = r.ratio - 1
  const shown = Math.abs(change * 100).toFixed(1)
  const pct = `${shown === '0.0' ? '±' : change > 0 ? '+' : '−'}${shown} %`
  if (r.verdict === 'few') return `${pct} (too few processes to tell)`
  return r.verdict === 'overlap' ? `${pct} (ranges overlap)` : `${pct} **${r.verdict}**`
}

/** The A/B table (markdown): the same text is printed and written to `bench/results/ab.md`. */
export const renderAbTable = (rows: readonly AbRow[], labelA: string, labelB: string): string => {
  const lines = [
    row(['scenario', 'figure', 'better', `${labelA}: median (min–max)`, `${labelB}: median (min–max)`, `${labelA} ÷ ${labelB}`, `${labelA} against ${labelB}`]),
    row(['---', '---', '---', '---:', '---:', '---:', '---']),
  ]
  for (const r of rows) {
    const better = r.figure.better === 'higher' ? '↑ higher' : '↓ lower'
    const ratio = r.ratio === null ? 'n/a' : fmt(r.ratio, '×')
    const label = `${r.figure.label} (${r.figure.unit})`
    lines.push(row([r.scenario.toUpperCase(), label, better, cell(r.a, r.figure.unit), cell(r.b, r.figure.unit), ratio, verdictText(r)]))
  }
  return lines.join('\n')
}

/** The extra contenders' medians (markdown), or an empty string when there are none. */
export const renderAbExtras = (rows: readonly AbExtraRow[]): string => {
  if (rows.length === 0) return ''
  const lines = [row(['scenario', 'figure', 'contender', 'median (min–max)']), row(['---', '---', '---', '---:'])]
  for (const r of rows) lines.push(row([r.scenario.toUpperCase(), `${r.figure.label} (${r.figure.unit})`, r.label, cell(r.spread, r.figure.unit)]))
  return lines.join('\n')
}

/** How to read the table, below it. */
export const abLegend = (labelA: string, labelB: string): string =>
  `Ratio: ${labelA}'s median ÷ ${labelB}'s median. For events/s (↑) a ratio above 1 means ${labelA} is faster; ` +
  `for bytes per subscription, ns and MB (↓) lower is better, so a ratio below 1 means ${labelA} uses less. ` +
  `The percentage is how far ${labelA}'s median lies above (+) or below (−) ${labelB}'s; "ranges overlap" means the ` +
  'min–max ranges over the processes overlap, so the difference is within this run’s noise; better or worse is ' +
  `only claimed with at least ${MIN_VERDICT_RUNS} processes per side.`
