/** Counts how documents end, and catches a document that ends twice or loses its story. */
export class DocumentTracker {
  private readonly completedIds = new Set<string>()
  private readonly failedIds = new Set<string>()
  /** Documents that ended more than once (completed and failed, or twice the same way). */
  endedTwice = 0
  /** Terminal events whose `correlationId` or `causationId` did not flow from the start event. */
  brokenStories = 0

  constructor(readonly total: number) {}

  get completed(): number {
    return this.completedIds.size
  }

  get failed(): number {
    return this.failedIds.size
  }

  /** Documents that ended, completed or failed. */
  get ended(): number {
    return this.completedIds.size + this.failedIds.size
  }

  /** Documents that never ended. */
  get lost(): number {
    return this.total - this.ended
  }

  /** A `document.processing.completed` arrived. */
  complete(documentId: string, story: Story): void {
    this.end(this.completedIds, documentId, story)
  }

  /** A `document.error.occurred` arrived. */
  fail(documentId: string, story: Story): void {
    this.end(this.failedIds, documentId, story)
  }

  private end(into: Set<string>, documentId: string, story: Story): void {
    if (this.completedIds.has(documentId) || this.failedIds.has(documentId)) this.endedTwice++
    else into.add(documentId)
    if (story.correlationId !== correlationIdOf(documentId) || typeof story.metadata['causationId'] !== 'string') this.brokenStories++
  }
}

/** What a terminal event carries of its document's story. */
export interface Story {
  readonly correlationId?: string
  readonly metadata: Readonly<Record<string, unknown>>
}

/** The correlation id the feeder gives a document's first event; every follow-up inherits it. */
export function correlationIdOf(documentId: string): string {
  return `story-${documentId}`
}
