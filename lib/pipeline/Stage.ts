import type { Observer, OperatorFunction } from 'rxjs'
import type { Event } from '../events/Event'
import type { BaseMiddleware } from '../middleware/BaseMiddleware'
import type { Middleware } from '../middleware/Middleware'
import { type Destination, operate, OperatorSubscriber } from '../internal/operate'
import type { Tracked } from './Tracked'

/** @internal What the middleware stages report besides the records they pass on. */
export interface PipelineHost {
  /** A middleware dropped the event on purpose. */
  filtered(rec: Tracked): void
  /** A middleware threw, rejected, or returned something that is not an event. */
  middlewareFailed(rec: Tracked, error: unknown): void
  /** A plain operator emitted an event outside the call that fed it (later, or an extra one): a new record after `stage`. */
  lateEvent(event: Event, stage: Stage): void
  /** A plain operator emitted outside of its input's push (an asynchronous operator): warn once. */
  asynchronous(stage: Stage): void
  /** A stage that was removed while it held `rec` (an asynchronous `process`): the pipeline goes on after where it was. */
  resume(rec: Tracked, stage: Stage): void
  /** An asynchronous `process` started / ended (for `drain` and `stop`). */
  asyncStarted(rec: Tracked): void
  asyncEnded(rec: Tracked): void
}

/**
 * @internal One middleware in the pipeline. The stage lives as long as its middleware is added
 * (a plain operator keeps its own subscription, and so its state, across pipeline rebuilds);
 * `operator()` is what `pipe` composes, and each composition tells the stage its current
 * downstream, so a result that arrives later goes on from where the stage is now.
 */
export abstract class Stage {
  private downstream: Observer<Tracked> | null = null
  private removed = false

  constructor(
    readonly middleware: Middleware | BaseMiddleware,
    readonly priority: number,
    readonly seq: number,
    protected readonly host: PipelineHost,
  ) {}

  /** The stage as an operator over records (for `pipe`). */
  operator(): OperatorFunction<Tracked, Tracked> {
    return operate((source, destination) => {
      this.downstream = destination
      source.subscribe(new StageSubscriber(destination, this))
    })
  }

  /** Runs the middleware on one record. */
  abstract push(rec: Tracked): void

  /** The middleware was removed: its later results resume after its place; `dispose` frees what it holds. */
  remove(): void {
    this.removed = true
    this.downstream = null
    this.dispose()
  }

  /** Passes a record on: to the current downstream, or after this stage's place once it is removed. */
  protected forward(rec: Tracked): void {
    const downstream = this.downstream
    if (downstream !== null && !this.removed) downstream.next(rec)
    else this.host.resume(rec, this)
  }

  protected dispose(): void {
    // nothing held by default
  }
}

/** @internal Feeds a stage from the pipeline's subscription. */
class StageSubscriber extends OperatorSubscriber<Tracked, Tracked> {
  constructor(
    destination: Destination<Tracked>,
    private readonly stage: Stage,
  ) {
    super(destination)
  }

  next(rec: Tracked): void {
    this.stage.push(rec)
  }
}

/** @internal Orders stages by priority, then insertion. */
export function byOrder(a: Stage, b: Stage): number {
  return a.priority - b.priority || a.seq - b.seq
}
