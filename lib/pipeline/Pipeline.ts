import { Observable, type Observer, type OperatorFunction, type Subscription } from 'rxjs'
import type { Tracked } from './Tracked'
import { byOrder, type PipelineHost, type Stage } from './Stage'
import { stageFor } from './stageFor'

/**
 * @internal The bus's pipeline: an input sink, the middleware stages composed with `pipe` in
 * order of priority then insertion, and the wiring's end (`routeTo` in process, `sendTo` with a
 * transport). It is composed again when a middleware is added or removed; the stages keep their
 * state across compositions.
 *
 * ```text
 * publish ─▶ input sink ─▶ stage 1 ─▶ … ─▶ stage n ─▶ end
 * ```
 */
export class Pipeline {
  private stages: readonly Stage[] = []
  private sink: Observer<Tracked> | null = null
  /** The end's subscriber (where a record goes after the last stage). */
  private tail: Observer<Tracked> | null = null
  private subscription: Subscription | null = null
  private seq = 0

  constructor(
    private readonly host: PipelineHost,
    private readonly end: () => OperatorFunction<Tracked, never>,
  ) {
    this.compose()
  }

  /** The stages, in order. */
  get middleware(): readonly Stage[] {
    return this.stages
  }

  /**
   * Adds a middleware's stage, in order of priority, then insertion.
   *
   * @throws EventValidationError when `middleware` is neither a `BaseMiddleware` nor an operator.
   */
  addMiddleware(middleware: unknown): void {
    this.add(stageFor(middleware, ++this.seq, this.host))
  }

  /** Removes a middleware's stage (the same instance or function); false when it is not there. */
  removeMiddleware(middleware: unknown): boolean {
    const stage = this.stages.find((s) => s.middleware === middleware)
    if (stage === undefined) return false
    this.remove(stage)
    return true
  }

  /** Feeds one record in. */
  next(rec: Tracked): void {
    ;(this.sink as Observer<Tracked>).next(rec)
  }

  /** Adds a stage, in order. */
  add(stage: Stage): void {
    this.stages = [...this.stages, stage].sort(byOrder)
    this.compose()
  }

  /** Removes a stage; its later results resume after its place. */
  remove(stage: Stage): void {
    this.stages = this.stages.filter((s) => s !== stage)
    stage.remove()
    this.compose()
  }

  /** Feeds a record in after the place of `stage` (which may have been removed). */
  resumeAfter(rec: Tracked, stage: Stage): void {
    const next = this.stages.find((s) => byOrder(s, stage) > 0)
    if (next !== undefined) next.push(rec)
    else (this.tail as Observer<Tracked>).next(rec)
  }

  private compose(): void {
    this.subscription?.unsubscribe()
    const input$ = new Observable<Tracked>((subscriber) => {
      this.sink = subscriber
    })
    const tailTap: OperatorFunction<Tracked, Tracked> = (source) =>
      new Observable<Tracked>((subscriber) => {
        this.tail = subscriber
        return source.subscribe(subscriber)
      })
    const composed = this.stages.reduce<Observable<Tracked>>((s$, stage) => s$.pipe(stage.operator()), input$)
    this.subscription = composed.pipe(tailTap, this.end()).subscribe()
  }
}
