import type { ScenarioSummary } from './summary'

/** One bar: a contender's median in one scenario. */
export interface ChartBar {
  readonly contender: string
  readonly value: number
}

/** One scenario's bars. */
export interface ChartGroup {
  readonly label: string
  readonly bars: readonly ChartBar[]
}

/** The bars of `figure` (default events/s), one group per scenario that measured it; cells without a finite median > 0 are left out. */
export const chartGroupsOf = (scenarios: readonly ScenarioSummary[], figure = 'eventsPerSec'): ChartGroup[] =>
  scenarios
    .filter((s) => s.figures.some((f) => f.key === figure))
    .map((s) => ({
      label: s.title,
      bars: s.cells.flatMap((c) => {
        const value = c.figures[figure]?.median
        return value !== undefined && Number.isFinite(value) && value > 0 ? [{ contender: c.contender, value }] : []
      }),
    }))
    .filter((g) => g.bars.length > 0)

/** Where `value` falls on a log scale from `min` to `max` drawn `width` wide (0 at `min`). */
export const logPosition = (value: number, min: number, max: number, width: number): number =>
  (width * (Math.log10(value) - Math.log10(min))) / (Math.log10(max) - Math.log10(min))

/** 12,345,678 → '12.3M'; 4,560 → '4.56k'. */
export const shortNumber = (n: number): string => {
  const [d, s] = n >= 1e9 ? [1e9, 'G'] : n >= 1e6 ? [1e6, 'M'] : n >= 1e3 ? [1e3, 'k'] : [1, '']
  const v = n / d
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(3)}${s}`
}

const PALETTE = ['#1f77b4', '#aec7e8', '#17becf', '#ff7f0e', '#ffbb78', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22']
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * The benchmark as an SVG: one group of horizontal bars per scenario, one bar per contender (its
 * median), on a log scale with a grid line per power of ten; a contender keeps its colour in every
 * group. A pure function of its input (no clock, no file).
 */
export const benchChartSvg = (groups: readonly ChartGroup[], options: { readonly title?: string; readonly unit?: string } = {}): string => {
  const { title = 'Throughput by scenario and contender (median, log scale)', unit = 'events/s' } = options
  const values = groups.flatMap((g) => g.bars.map((b) => b.value))
  if (values.length === 0) throw new Error('benchChartSvg: no bar to draw')
  const min = 10 ** Math.floor(Math.log10(Math.min(...values)))
  const max = 10 ** Math.ceil(Math.log10(Math.max(...values)) + (Math.max(...values) === min ? 1 : 0))
  const [left, plotWidth, right, bar, gap, groupGap, head, top] = [150, 620, 70, 13, 3, 30, 20, 54]
  const colours = new Map<string, string>()
  for (const b of groups.flatMap((g) => g.bars)) if (!colours.has(b.contender)) colours.set(b.contender, PALETTE[colours.size % PALETTE.length] ?? '#333')
  const parts: string[] = []
  let y = top
  for (const group of groups) {
    parts.push(`<text class="group" x="${left}" y="${y + 13}">${escapeXml(group.label)}</text>`)
    y += head
    for (const b of group.bars) {
      const w = Math.max(1, logPosition(b.value, min, max, plotWidth))
      parts.push(
        `<g class="bar"><text class="name" x="${left - 6}" y="${y + bar - 3}">${escapeXml(b.contender)}</text>` +
          `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${colours.get(b.contender) ?? '#333'}"><title>${escapeXml(`${b.contender}: ${Math.round(b.value).toLocaleString('en-US')} ${unit}`)}</title></rect>` +
          `<text class="value" x="${(left + w + 4).toFixed(1)}" y="${y + bar - 3}">${shortNumber(b.value)}</text></g>`,
      )
      y += bar + gap
    }
    y += groupGap - gap
  }
  const height = y + 10
  const grid: string[] = []
  for (let p = Math.log10(min); p <= Math.log10(max) + 1e-9; p++) {
    const x = left + logPosition(10 ** p, min, max, plotWidth)
    grid.push(`<line class="grid" x1="${x.toFixed(1)}" y1="${top - 8}" x2="${x.toFixed(1)}" y2="${height - 10}"/>`)
    grid.push(`<text class="tick" x="${x.toFixed(1)}" y="${top - 12}">${shortNumber(10 ** p)}</text>`)
  }
  const width = left + plotWidth + right
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    '<style>text{font:11px system-ui,-apple-system,"Segoe UI",sans-serif;fill:#1d2433}.title{font-size:14px;font-weight:600}.group{font-weight:600}' +
      '.name{text-anchor:end}.tick{text-anchor:middle;fill:#5b6475}.value{fill:#5b6475}.grid{stroke:#dfe3ea;stroke-width:1}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text class="title" x="${left}" y="20">${escapeXml(title)}</text>`,
    ...grid,
    ...parts,
    '</svg>',
    '',
  ].join('\n')
}
