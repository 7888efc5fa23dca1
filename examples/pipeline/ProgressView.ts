import type { MetricsSnapshot } from '../../lib'
import { count, percent, seconds } from './format'

/** What the progress line shows of the documents. */
export interface Progress {
  readonly total: number
  readonly completed: number
  readonly failed: number
}

/**
 * What the view draws on (`process.stdout`). Node's types say `columns` is a number, but it is
 * undefined when the terminal's size cannot be read.
 */
export type ProgressOutput = Pick<NodeJS.WriteStream, 'isTTY' | 'write'> & { readonly columns?: number }

/** How often a plain (not a terminal) output gets a line, ms. */
const PLAIN_EVERY_MS = 500
const BAR_WIDTH = 28

/**
 * The demo's live display. On a terminal: a progress bar line and a metrics line, redrawn in
 * place (`\r`, and one cursor-up to reach the bar's line). Elsewhere (a pipe, a CI log):
 * one plain line every half second, and the last one.
 */
export class ProgressView {
  private drawn = false
  private lastPlainAt = Number.NEGATIVE_INFINITY
  private readonly startedAt = performance.now()

  /**
   * @param out Where to draw.
   * @param processes How many processes the metrics add up (the distributed demo); 1 in process.
   */
  constructor(
    private readonly out: ProgressOutput,
    private readonly processes = 1,
  ) {}

  /** True when redrawing in place (a terminal). */
  get live(): boolean {
    return this.out.isTTY
  }

  /** Shows the current state (on a plain output, only when a line is due). */
  update(progress: Progress, metrics: MetricsSnapshot): void {
    if (this.live) this.redraw(progress, metrics)
    else if (performance.now() - this.lastPlainAt >= PLAIN_EVERY_MS) this.plain(progress, metrics)
  }

  /** Shows the final state and leaves the cursor on a fresh line. */
  finish(progress: Progress, metrics: MetricsSnapshot): void {
    if (this.live) {
      this.redraw(progress, metrics)
      this.out.write('\n')
    } else {
      this.plain(progress, metrics)
    }
  }

  private redraw(progress: Progress, metrics: MetricsSnapshot): void {
    const width = Math.max(40, (this.out.columns ?? 100) - 1)
    const fit = (s: string): string => (s.length > width ? `${s.slice(0, width - 1)}…` : s)
    const bar = fit(this.barLine(progress))
    const live = fit(`  ${this.metricsLine(metrics)}`)
    // Up to the bar's line (after the first draw), rewrite both lines, clearing what was longer.
    this.out.write(`${this.drawn ? '\x1b[1A\r' : ''}${bar}\x1b[K\n${live}\x1b[K`)
    this.drawn = true
  }

  private plain(progress: Progress, metrics: MetricsSnapshot): void {
    this.lastPlainAt = performance.now()
    const ended = progress.completed + progress.failed
    const share = ended / progress.total
    this.out.write(
      `progress ${percent(share).padStart(7)}  ${count(ended)}/${count(progress.total)} documents ` +
        `(${count(progress.completed)} completed, ${count(progress.failed)} failed) | ${this.metricsLine(metrics)}\n`,
    )
  }

  private barLine(progress: Progress): string {
    const ended = progress.completed + progress.failed
    const share = progress.total === 0 ? 1 : ended / progress.total
    const filled = Math.round(share * BAR_WIDTH)
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled)
    const elapsed = seconds(performance.now() - this.startedAt)
    return `[${bar}] ${percent(share).padStart(7)}  ${count(ended)}/${count(progress.total)} documents  ✓ ${count(progress.completed)} completed  ✗ ${count(progress.failed)} failed  ${elapsed}`
  }

  private metricsLine(m: MetricsSnapshot): string {
    const heap = m.memory === null ? '' : ` · heap ${Math.round(m.memory.heapUsedMb)} MB${this.processes > 1 ? ` in ${this.processes} processes` : ''}`
    return (
      `${count(m.total.eventsPerSecond)} events/s · queue ${count(m.queueSize)} · in flight ${count(m.inFlight)} · ` +
      `error rate ${percent(m.total.errorRate)}${heap}`
    )
  }
}
