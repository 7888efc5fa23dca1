import type { Machine, Versions } from './machine'
import type { FigureSpec } from './scenarios'
import type { ScenarioSummary, TargetCheck } from './summary'

/** How a run was configured, for the report header. */
export interface RunInfo {
  readonly date: string
  readonly runs: number
  /** Processes per cell in each scenario (S6 and S7 are capped). */
  readonly runsPerScenario: Readonly<Record<string, number>>
  /** Cells measured in fewer processes because they are slow ("s6 nestjs-cqrs" -> why). */
  readonly slowCells: Readonly<Record<string, string>>
  /** Processes of `ours` and `ours-nometrics` in S1 to S5 (the metrics on/off pair), or null when not doubled. */
  readonly pairedRuns?: number | null
  readonly quick: boolean
  readonly partial: boolean
  readonly command: string
  readonly durationS: number
  readonly timeMs: number
  readonly warmupMs: number
  readonly burstSize: number
  readonly subscriptions: number
  readonly latencyEvents: number
}

/** A figure or target value as the report shows it (`12.34 M` events/s, `412` B, `1.05×`). */
export const fmt = (value: number, unit: FigureSpec['unit'] | TargetCheck['unit']): string => {
  if (!Number.isFinite(value)) return 'n/a'
  switch (unit) {
    case 'ev/s':
      if (value >= 1e6) return `${(value / 1e6).toFixed(value >= 1e8 ? 0 : 2)} M`
      if (value >= 1e3) return `${(value / 1e3).toFixed(value >= 1e5 ? 0 : 1)} k`
      return value.toFixed(0)
    case 'ns':
    case 'events':
      return Math.round(value).toLocaleString('en-US')
    case 'B':
      return value.toFixed(value < 100 ? 1 : 0)
    case 'MB':
      return value.toFixed(1)
    case 'ms':
      return value.toFixed(value < 100 ? 1 : 0)
    case '×':
      return `${value.toFixed(value < 0.1 ? 3 : 2)}×`
    case '%':
      return `${value.toFixed(1)} %`
  }
}

const runsText = (info: RunInfo): string => {
  const capped = Object.entries(info.runsPerScenario).filter(([, n]) => n !== info.runs)
  const rest = capped.map(([id, n]) => `${n} for ${id.toUpperCase()}`).join(', ')
  const slow = Object.entries(info.slowCells).map(([cell, why]) => `${cell}: ${why}`)
  const slowText = slow.length === 0 ? '' : `; slow cells: ${slow.join(', ')}`
  const paired =
    info.pairedRuns === undefined || info.pairedRuns === null
      ? ''
      : `${info.pairedRuns} for ours and ours-nometrics in S1 to S5, which the metrics on/off target compares`
  const notes = [rest, paired, slowText.slice(2)].filter((x) => x !== '')
  return `${info.runs} fresh process${info.runs === 1 ? '' : 'es'}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`
}

const ratioText = (r: number | undefined): string => (r === undefined ? '' : fmt(r, '×'))

/** A table row; a `|` inside a cell is escaped so it does not split the cell. */
export const row = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`

const scenarioSection = (s: ScenarioSummary): string => {
  const lines: string[] = [`### ${s.title}`, '', s.measures, '']
  const header = ['contender']
  for (const f of s.figures) header.push(`${f.label} (${f.unit}): median (min–max)`, `${f.better === 'higher' ? '↑' : '↓'} × ours`)
  lines.push(row(header), row(header.map((_, i) => (i === 0 ? '---' : '---:'))))
  const footnotes: string[] = []
  for (const c of s.cells) {
    const cells = [c.contender === 'ours' ? '**ours**' : c.contender]
    for (const f of s.figures) {
      const sp = c.figures[f.key]
      if (sp === undefined || sp.n === 0) {
        cells.push(c.failures.length > 0 ? 'failed' : 'n/a', '')
        continue
      }
      const range = sp.n > 1 ? ` (${fmt(sp.min, f.unit)}–${fmt(sp.max, f.unit)})` : ''
      cells.push(`${fmt(sp.median, f.unit)}${range}`, ratioText(c.ratioToOurs[f.key]))
    }
    lines.push(row(cells))
    if (c.failures.length > 0) {
      const first = (c.failures[0] ?? '').split('\n')[0] ?? ''
      footnotes.push(`- ${c.contender}: ${c.failures.length} of ${c.failures.length + c.runs.length} processes failed: \`${first.slice(0, 300)}\``)
    }
    for (const n of c.notes) footnotes.push(`- ${c.contender}: ${n}`)
  }
  if (footnotes.length > 0) lines.push('', ...footnotes)
  return lines.join('\n')
}

const targetsSection = (checks: readonly TargetCheck[]): string => {
  const lines = [row(['target', 'measured', 'need', 'result']), row(['---', '---:', '---:', '---'])]
  let group = ''
  for (const t of checks) {
    if (t.group !== group) {
      group = t.group
      lines.push(row([`**${group}**`, '', '', '']))
    }
    const result = t.pass === null ? 'not measured' : t.pass ? 'PASS' : '**FAIL**'
    lines.push(row([t.label, t.value === null ? 'n/a' : fmt(t.value, t.unit), t.need, result]))
  }
  const passed = checks.filter((t) => t.pass === true).length
  const failed = checks.filter((t) => t.pass === false).length
  const missing = checks.filter((t) => t.pass === null).length
  return [`${passed} passed, ${failed} failed, ${missing} not measured.`, '', ...lines].join('\n')
}

/** The markdown of `bench/RESULTS.md`. */
export const renderMarkdown = (
  info: RunInfo,
  machine: Machine,
  versions: Versions,
  summaries: readonly ScenarioSummary[],
  checks: readonly TargetCheck[],
): string => {
  const packages = Object.entries(versions.packages)
    .map(([name, v]) => `${name} ${v}`)
    .join(', ')
  const scope = info.partial ? `**Partial run** (${info.quick ? '`--quick`, ' : ''}filtered or shortened): not comparable with a full run.` : 'Full run.'
  return [
    '# Benchmark results',
    '',
    `Generated by \`${info.command}\` on ${info.date} in ${Math.round(info.durationS)} s. ${scope}`,
    '',
    `Each cell is ${runsText(info)}, each warming up and then measuring ` +
      `(tinybench: ${info.warmupMs} ms warm-up, ${info.timeMs} ms of samples); shown is the median over processes ` +
      'with the min–max spread. "× ours" is the contender’s median divided by ours in this run (↑: higher is better, ' +
      '↓: lower is better). The machine is shared and noisy: the ratios count, the absolute figures do not.',
    '',
    `Settings: S6 bursts ${info.burstSize.toLocaleString('en-US')} events, S7 makes ${info.subscriptions.toLocaleString('en-US')} ` +
      `subscriptions, S8 measures at most ${info.latencyEvents.toLocaleString('en-US')} events.`,
    '',
    '## Machine',
    '',
    row(['', '']),
    row(['---', '---']),
    row(['OS', machine.os]),
    row(['CPU', `${machine.cpu}, ${machine.cores} cores`]),
    row(['Memory', `${machine.memoryGb} GB`]),
    row(['Load average at start (1, 5, 15 min)', machine.loadAverage.join(', ')]),
    row(['Node', `${machine.node} (V8 ${machine.v8})`]),
    row(['Ours', versions.ours]),
    row(['Packages', packages]),
    '',
    '## Targets (issue 3)',
    '',
    targetsSection(checks),
    '',
    '## Scenarios',
    '',
    summaries.map(scenarioSection).join('\n\n'),
    '',
  ].join('\n')
}
