/** Where a document's processing fails, if it does. */
export type FailureStage = 'ocr' | 'layout' | 'text' | 'validation'

/** The stages a document can fail at, in pipeline order. */
export const FAILURE_STAGES: readonly FailureStage[] = ['ocr', 'layout', 'text', 'validation']

/** One simulated document: what it holds and how its processing will go. */
export interface DocumentPlan {
  readonly documentId: string
  readonly fileName: string
  readonly pages: number
  /** Tables on its pages (0 for most documents): only those get a `document.table.extracted`. */
  readonly tables: number
  /** The stage it fails at, or null when it goes through. */
  readonly failAt: FailureStage | null
  /** Its first OCR attempt fails with a transient error (the subscription's retry recovers it). */
  readonly ocrGlitch: boolean
}

/** The whole run: every document, and the order of submissions (a few documents are submitted twice). */
export interface RunPlan {
  readonly documents: ReadonlyMap<string, DocumentPlan>
  /** Document ids in submission order; a duplicate id is an upstream retry the filter drops. */
  readonly submissions: readonly string[]
  /** How many submissions are duplicates. */
  readonly duplicates: number
}

/** Share of documents with tables. */
const TABLE_SHARE = 0.3
/** Share of documents whose first OCR attempt fails transiently. */
const GLITCH_SHARE = 0.03
/** Share of documents the upstream submits twice. */
const DUPLICATE_SHARE = 0.02

/** mulberry32: a small, fast, seeded PRNG, so a seed reproduces the plan (not the timing). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Plans a run: exactly `round(documents * failRate)` documents fail, each at a random stage;
 * a few have tables, a few hit a transient OCR error, a few are submitted twice.
 */
export function planDocuments(documents: number, failRate: number, seed: number): RunPlan {
  const random = seededRandom(seed)
  const width = Math.max(6, String(documents).length)
  const ids = Array.from({ length: documents }, (_, i) => `doc-${String(i + 1).padStart(width, '0')}`)

  // Pick exactly the failing share (a partial Fisher-Yates shuffle of the indices).
  const failing = new Set<number>()
  const indices = ids.map((_, i) => i)
  const failures = Math.round(documents * failRate)
  for (let k = 0; k < failures; k++) {
    const j = k + Math.floor(random() * (documents - k))
    ;[indices[k], indices[j]] = [indices[j], indices[k]]
    failing.add(indices[k])
  }

  const plans = new Map<string, DocumentPlan>()
  ids.forEach((documentId, i) => {
    plans.set(documentId, {
      documentId,
      fileName: `${documentId}.pdf`,
      pages: 1 + Math.floor(random() * 12),
      tables: random() < TABLE_SHARE ? 1 + Math.floor(random() * 4) : 0,
      failAt: failing.has(i) ? FAILURE_STAGES[Math.floor(random() * FAILURE_STAGES.length)] : null,
      ocrGlitch: random() < GLITCH_SHARE,
    })
  })

  // Duplicates arrive a little later than their original: sort submissions by a position key.
  const keyed = ids.map((id, i) => ({ id, key: i }))
  let duplicates = 0
  ids.forEach((id, i) => {
    if (random() < DUPLICATE_SHARE) {
      duplicates++
      keyed.push({ id, key: i + 0.5 + random() * Math.min(50, documents - i) })
    }
  })
  keyed.sort((a, b) => a.key - b.key)
  return { documents: plans, submissions: keyed.map((k) => k.id), duplicates }
}
