import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { benchChartSvg, chartGroupsOf, logPosition, shortNumber, type ChartGroup } from '../../bench/core/chart'
import type { ScenarioSummary } from '../../bench/core/summary'

const groups: ChartGroup[] = [
  {
    label: 'S1 fire & <forget>',
    bars: [
      { contender: 'ours', value: 14_000_000 },
      { contender: 'rxjs-map', value: 30_000_000 },
    ],
  },
  {
    label: 'S4 awaited',
    bars: [
      { contender: 'ours', value: 900_000 },
      { contender: 'emittery', value: 2_500 },
      { contender: 'rxjs-map', value: 1_200_000 },
    ],
  },
]

describe('bench chart', () => {
  it('draws well-formed SVG with one bar per contender and scenario, labels escaped', () => {
    const svg = benchChartSvg(groups)
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.trim().endsWith('</svg>')).toBe(true)
    expect(svg.match(/<g class="bar">/g)).toHaveLength(5)
    expect(svg).toContain('S1 fire &amp; &lt;forget&gt;')
    expect(svg).not.toContain('<forget>')
    // Every element opened is closed: a crude but strict well-formedness check of the string.
    const opened = (svg.match(/<(svg|g|text|rect|title|style)[\s>]/g) ?? []).length
    const closed = (svg.match(/<\/(svg|g|text|rect|title|style)>/g) ?? []).length + (svg.match(/<(rect|line)[^>]*\/>/g) ?? []).length
    expect(opened + (svg.match(/<line /g) ?? []).length).toBe(closed)
  })

  it('keeps one colour per contender across scenarios', () => {
    const svg = benchChartSvg(groups)
    const fillOf = (name: string): string[] => [...svg.matchAll(new RegExp(`>${name}</text><rect [^>]*fill="(#[0-9a-f]{6})"`, 'g'))].map(([, fill]) => fill)
    expect(new Set(fillOf('ours')).size).toBe(1)
    expect(fillOf('ours')).toHaveLength(2)
    expect(fillOf('rxjs-map')[0]).not.toBe(fillOf('ours')[0])
  })

  it('draws bar lengths on a log scale: monotone, equal ratios give equal steps, a grid line per power of ten', () => {
    const svg = benchChartSvg(groups)
    const widths = [...svg.matchAll(/<rect x="150" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(widths).toHaveLength(5)
    const [ours1, rx1, ours4, em4, rx4] = widths as [number, number, number, number, number]
    expect(em4 < ours4 && ours4 < rx4 && rx4 < ours1 && ours1 < rx1).toBe(true)
    expect(logPosition(1e5, 1e3, 1e8, 500) - logPosition(1e4, 1e3, 1e8, 500)).toBeCloseTo(logPosition(1e7, 1e3, 1e8, 500) - logPosition(1e6, 1e3, 1e8, 500))
    const values = [1e3, 5e3, 2e4, 7e5, 1e8]
    const positions = values.map((v) => logPosition(v, 1e3, 1e8, 500))
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect([positions[0], positions.at(-1)]).toEqual([0, 500])
    // 2,500 .. 30M: decades 1k to 100M.
    expect([...svg.matchAll(/<text class="tick"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(['1.00k', '10.0k', '100k', '1.00M', '10.0M', '100M'])
  })

  it('refuses to draw nothing, and formats short numbers', () => {
    expect(() => benchChartSvg([])).toThrow(/no bar/)
    expect([shortNumber(12_345_678), shortNumber(4_560), shortNumber(999), shortNumber(2e9)]).toEqual(['12.3M', '4.56k', '999', '2.00G'])
  })

  it('takes events/s of each scenario that measured it from results.json', () => {
    const results = JSON.parse(readFileSync(join(__dirname, '..', '..', 'bench', 'results.json'), 'utf8')) as { scenarios: ScenarioSummary[] }
    const chart = chartGroupsOf(results.scenarios)
    const measured = results.scenarios.filter((s) => s.figures.some((f) => f.key === 'eventsPerSec'))
    expect(chart.map((g) => g.label)).toEqual(measured.map((s) => s.title))
    for (const [i, g] of chart.entries()) {
      const cells = measured[i]?.cells.filter((c) => Number(c.figures['eventsPerSec']?.median) > 0) ?? []
      expect(g.bars.map((b) => b.contender)).toEqual(cells.map((c) => c.contender))
    }
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'bench.svg'), 'utf8')).toBe(benchChartSvg(chart))
  })
})
