import type { Consumer, ConsumerMessages, FetchOptions, JsMsg } from '@nats-io/jetstream'
import type { SchedulerLike, Subscription } from 'rxjs'

/** @internal What a {@link NatsPuller} needs of its subscription and transport. */
export interface PullerHost {
  /** The bus's scheduler (restart delays). */
  readonly scheduler: SchedulerLike
  /**
   * Opens the consumer again after it stopped; when it is missing, creates it to start after
   * stream sequence `lastSeq` (the last this process received; null: none, the usual start).
   */
  reopen(lastSeq: number | null): Promise<Consumer>
  /** Hands one message to the bus; `settled` is called once when it is acked, naked or terminated. */
  receive(m: JsMsg, settled: () => void): void
  /** The consumer stopped (`error`); a restart comes in `delayMs`. */
  stopped(error: unknown, delayMs: number): void
  /** The consumer runs again after a stop. */
  restarted(): void
}

/** @internal The first restart delay of a stopped consumer, doubled per failed attempt up to {@link MAX_RESTART_DELAY_MS}. */
export const FIRST_RESTART_DELAY_MS = 250
/** @internal The longest wait between two restarts of a consumer. */
export const MAX_RESTART_DELAY_MS = 15_000

/** @internal The delay before restart attempt `attempt` (0 for the first). */
export function restartDelay(attempt: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** Math.min(attempt, 16))
}

/**
 * @internal Pulls one consumer's messages on demand: the process never holds more than `bound`
 * of them (delivered and not yet acked or naked, plus those asked for and not yet come). It asks
 * the broker for more (`fetch`) as held messages are settled, once at least `refill` slots are
 * free or nothing is on its way, so a slow process does not hoard a group's messages while a fast
 * one idles (the client's `consume()` asks again on receipt, up to the consumer's
 * `max_ack_pending`).
 *
 * A fetch that fails (the consumer was deleted, the stream is gone, heartbeats were missed) stops
 * the consumer: `stopped` is told once per stop, and it is opened again after a delay on the bus
 * scheduler (250 ms, doubled per failed attempt, at most 15 s) until it runs or `stop()` is called.
 */
export class NatsPuller {
  /** Messages delivered and not yet settled. */
  private held = 0
  /** Messages asked for in open fetches and not yet delivered. */
  private requested = 0
  private running = false
  /** True from a stop until the consumer runs again. */
  private broken = false
  private attempt = 0
  /** Bumped at each stop: a fetch of an earlier consumer no longer counts. */
  private generation = 0
  /** The highest stream sequence received (where a recreated consumer resumes). */
  private lastSeq: number | null = null
  private restartTimer: Subscription | null = null
  private readonly fetches = new Set<ConsumerMessages>()
  private readonly settled = (): void => {
    this.held--
    this.fill()
  }

  /**
   * @param consumer The consumer, opened.
   * @param bound The most messages held at once.
   * @param timing How long one fetch waits on the broker for messages (`expiresMs`), and the
   *   broker's heartbeat on a waiting fetch (`heartbeatMs`): two missed ones end the fetch with
   *   an error, so a consumer deleted while no fetch waited on it is noticed within two.
   * @param host The subscription's side.
   */
  constructor(
    private consumer: Consumer,
    private readonly bound: number,
    private readonly timing: { readonly expiresMs: number; readonly heartbeatMs: number },
    private readonly host: PullerHost,
  ) {}

  /** The fewest free slots worth a fetch of their own while another is on its way. */
  private get refill(): number {
    return Math.max(1, Math.ceil(this.bound / 4))
  }

  /** True while the consumer is stopped (between a failure and its restart). */
  get stopped(): boolean {
    return this.broken
  }

  /** The messages held now (delivered, not settled). */
  get holding(): number {
    return this.held
  }

  /** Starts pulling. */
  start(): void {
    this.running = true
    this.fill()
  }

  /** Stops pulling (held messages stay until settled; nothing restarts). */
  stop(): void {
    this.running = false
    this.restartTimer?.unsubscribe()
    this.restartTimer = null
    for (const f of this.fetches) f.stop()
    this.fetches.clear()
  }

  private fill(): void {
    if (!this.running || this.broken) return
    const free = this.bound - this.held - this.requested
    if (free <= 0 || (free < this.refill && this.requested > 0)) return
    this.requested += free
    this.fetch(free)
  }

  private fetch(batch: number): void {
    const generation = this.generation
    let received = 0
    let messages: ConsumerMessages | null = null
    const take = (m: JsMsg): void => {
      received++
      this.requested--
      this.held++
      if (this.lastSeq === null || m.seq > this.lastSeq) this.lastSeq = m.seq
      try {
        this.host.receive(m, this.settled)
      } catch {
        // receive settles and reports its own failures; nothing may stop this fetch
      }
    }
    // `callback` is honoured by fetch as by consume (one class): no async iteration per message.
    const options = { max_messages: batch, expires: this.timing.expiresMs, idle_heartbeat: this.timing.heartbeatMs, callback: take } as FetchOptions
    this.consumer
      .fetch(options)
      .then((opened) => {
        messages = opened
        if (!this.running || generation !== this.generation) opened.stop()
        else this.fetches.add(opened)
        return opened.closed()
      })
      .then(
        (end) => {
          this.ended(generation, batch, received, messages, end instanceof Error ? { error: end } : null)
        },
        (error: unknown) => {
          this.ended(generation, batch, received, messages, { error })
        },
      )
  }

  private ended(generation: number, batch: number, received: number, messages: ConsumerMessages | null, failure: { error: unknown } | null): void {
    this.requested -= batch - received
    if (messages !== null) this.fetches.delete(messages)
    if (generation !== this.generation) return // a fetch of the consumer that stopped
    if (failure !== null) this.fail(failure.error)
    else {
      this.attempt = 0
      this.fill()
    }
  }

  private fail(error: unknown): void {
    if (!this.running || this.broken) return
    this.broken = true
    this.generation++
    for (const f of this.fetches) f.stop() // they wait on the consumer that stopped
    this.fetches.clear()
    this.scheduleRestart(error)
  }

  private scheduleRestart(error: unknown): void {
    const delay = restartDelay(this.attempt)
    this.attempt++
    try {
      this.host.stopped(error, delay)
    } catch {
      // reporting must not keep the consumer down
    }
    this.restartTimer = this.host.scheduler.schedule(() => {
      this.restartTimer = null
      void this.restart()
    }, delay)
  }

  /** `running`, read afresh after an await. */
  private active(): boolean {
    return this.running
  }

  private async restart(): Promise<void> {
    if (!this.running) return
    let consumer: Consumer
    try {
      consumer = await this.host.reopen(this.lastSeq)
    } catch (error) {
      if (this.active()) this.scheduleRestart(error)
      return
    }
    if (!this.active()) return // stopped while it reopened
    this.consumer = consumer
    this.broken = false
    try {
      this.host.restarted()
    } catch {
      // as in scheduleRestart
    }
    this.fill()
  }
}
