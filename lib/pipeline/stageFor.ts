import { EventValidationError } from '../errors/EventValidationError'
import { renderValue } from '../internal/render'
import { BaseMiddleware } from '../middleware/BaseMiddleware'
import type { Middleware } from '../middleware/Middleware'
import { LiftedStage } from './liftOperator'
import { ProcessStage } from './processWith'
import type { PipelineHost, Stage } from './Stage'

/**
 * @internal The stage of a middleware: a `BaseMiddleware` runs by its own stage, a plain
 * operator is lifted over records.
 *
 * @throws EventValidationError when `middleware` is neither, or an operator that throws when applied.
 */
export function stageFor(middleware: unknown, seq: number, host: PipelineHost): Stage {
  if (middleware instanceof BaseMiddleware) return new ProcessStage(middleware, seq, host)
  if (typeof middleware === 'function') return new LiftedStage(middleware as Middleware, seq, host)
  throw new EventValidationError('addMiddleware(middleware)', [
    { path: 'middleware', expected: 'a BaseMiddleware instance or an RxJS operator (source$) => Observable<Event>', actual: renderValue(middleware) },
  ])
}
