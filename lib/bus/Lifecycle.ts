import { Streams } from './Streams'

/** @internal Where a bus is in its life. */
export type BusState = 'stopped' | 'running' | 'stopping'

/**
 * @internal The state of a bus and the streams of its current run, read by every part that must
 * know whether events are accepted (one object, created first, so the parts read a field and
 * not a callback). Only `Run` moves it.
 */
export class Lifecycle {
  private current: BusState = 'stopped'
  private runStreams: Streams
  private completed = false
  private started = Number.NaN

  constructor(private readonly replayCount: number) {
    this.runStreams = new Streams(replayCount)
  }

  /** The state. */
  get state(): BusState {
    return this.current
  }

  /** Between `start()` and the beginning of `stop()`. */
  get running(): boolean {
    return this.current === 'running'
  }

  /** Not stopped: handlers may still publish follow-ups while the bus drains. */
  get accepting(): boolean {
    return this.current !== 'stopped'
  }

  /** The streams of the current (or last) run. */
  get streams(): Streams {
    return this.runStreams
  }

  /** Bus-clock time of the last start (NaN before the first). */
  get startedAt(): number {
    return this.started
  }

  /** A run begins: new streams if the last run completed them. */
  begin(): void {
    if (this.completed) {
      this.runStreams = new Streams(this.replayCount)
      this.completed = false
    }
  }

  /** The bus runs (its start time, bus clock). */
  markRunning(at: number): void {
    this.current = 'running'
    this.started = at
  }

  /** Intake closes; the bus drains. */
  stopping(): void {
    this.current = 'stopping'
  }

  /** The run ended: its streams complete. */
  stopped(): void {
    this.current = 'stopped'
    this.completed = true
    this.runStreams.complete()
  }

  /** Connected to a broker, before the consumers open: inbound messages are accepted. */
  connected(): void {
    this.current = 'running'
  }
}
