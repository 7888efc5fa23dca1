/**
 * @internal The candidate nearest to `word` (case-insensitive edit distance), when it is close
 * enough to be a likely typo: at most `max(2, ⌊n / 3⌋)` edits, `n` the longer length, or equal but for case.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase()
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const c of candidates) {
    if (c === word) continue
    const limit = Math.max(2, Math.floor(Math.max(word.length, c.length) / 3))
    const d = distance(w, c.toLowerCase(), Math.min(bestDistance, limit + 1))
    if (d <= limit && d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}

/** Levenshtein distance of `a` and `b`, or `cap` once it is certain to reach it. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      row.push(v)
      if (v < rowMin) rowMin = v
    }
    if (rowMin >= cap) return cap
    prev = row
  }
  return Math.min(prev[b.length], cap)
}
