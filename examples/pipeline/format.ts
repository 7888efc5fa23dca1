/** Small number and table formatting for the demo's screen. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** `12345` → `12,345`. */
export function count(n: number): string {
  return integer.format(n)
}

/** Milliseconds with a precision that suits their size: `0.04`, `3.21`, `12.3`, `1,204`. */
export function ms(n: number): string {
  if (n >= 1000) return count(n)
  if (n >= 10) return n.toFixed(1)
  return n.toFixed(2)
}

/** A share 0..1 as a percentage: `0.0512` → `5.1 %`. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`
}

/** Seconds from milliseconds: `1534` → `1.53 s`. */
export function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(2)} s`
}

/** Column alignment: text left, numbers right. */
export type Align = 'left' | 'right'

/**
 * A plain-text table: a header, a rule, the rows, and an optional footer row after a rule.
 * The first column is left-aligned, the others right-aligned, unless `align` says otherwise.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[], footer?: readonly string[], align?: readonly Align[]): string {
  const all = footer === undefined ? [header, ...rows] : [header, ...rows, footer]
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)))
  const alignOf = (c: number): Align => align?.[c] ?? (c === 0 ? 'left' : 'right')
  const line = (r: readonly string[]): string =>
    r
      .map((cell, c) => (alignOf(c) === 'left' ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '─'.repeat(w)).join('  ')
  const out = [line(header), rule, ...rows.map(line)]
  if (footer !== undefined) out.push(rule, line(footer))
  return out.map((l) => `  ${l}`).join('\n')
}
