import type { Logger } from '../../lib'

type Level = 'debug' | 'info' | 'warn' | 'error'

/**
 * A quiet sink: counts log lines by level and keeps the last message of each, prints nothing
 * (the demo's screen is for the progress bar). Any `Logger` works here: `console`, pino, ...
 */
export class CountingLogger implements Logger {
  readonly counts: Record<Level, number> = { debug: 0, info: 0, warn: 0, error: 0 }
  readonly lastMessage: Partial<Record<Level, string>> = {}

  debug(_fields: object, message?: string): void {
    this.record('debug', message)
  }

  info(_fields: object, message?: string): void {
    this.record('info', message)
  }

  warn(_fields: object, message?: string): void {
    this.record('warn', message)
  }

  error(_fields: object, message?: string): void {
    this.record('error', message)
  }

  /** Lines logged at any level. */
  get total(): number {
    return this.counts.debug + this.counts.info + this.counts.warn + this.counts.error
  }

  private record(level: Level, message: string | undefined): void {
    this.counts[level]++
    if (message !== undefined) this.lastMessage[level] = message
  }
}
