/** @internal One symbol of a marble diagram at its frame: a value's key, `|` or `#`. */
export interface Mark {
  readonly frame: number
  readonly symbol: string
}

/**
 * @internal Draws marks as a run-mode marble diagram: same-frame symbols grouped (`(ab)`),
 * a one-frame gap as `-`, longer gaps as time progression (`5ms`), parts separated by spaces.
 * With `dashesUpTo`, gaps up to that many frames are dashes instead, and only time
 * progressions are spaced (`-b-----c 40ms |`), as people write marbles.
 */
export function drawMarbles(marks: readonly Mark[], dashesUpTo = 1): string {
  const groups = new Map<number, string[]>()
  for (const { frame, symbol } of marks) {
    const group = groups.get(frame)
    if (group === undefined) groups.set(frame, [symbol])
    else group.push(symbol)
  }
  const parts: string[] = []
  let cur = 0
  for (const [frame, symbols] of [...groups].sort(([a], [b]) => a - b)) {
    const gap = frame - cur
    if (gap > 0) parts.push(gap <= dashesUpTo ? '-'.repeat(gap) : `${gap}ms`)
    const joined = symbols.join('')
    const drawn = joined.length > 1 ? `(${joined})` : joined
    parts.push(drawn)
    cur = frame + drawn.length
  }
  if (dashesUpTo === 1) return parts.join(' ')
  return parts
    .map((part) => (part.endsWith('ms') ? ` ${part} ` : part))
    .join('')
    .trim()
}
