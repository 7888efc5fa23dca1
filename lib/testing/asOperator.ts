import type { MonoTypeOperatorFunction } from 'rxjs'
import type { Event } from '../events/Event'
import { BaseMiddleware } from '../middleware/BaseMiddleware'
import type { Middleware } from '../middleware/Middleware'

/**
 * A middleware as an RxJS operator (a `BaseMiddleware` through its `operator()`), so it can be
 * marble-tested on its own.
 *
 * @param middleware A `BaseMiddleware` instance, or a middleware that already is an operator.
 * @returns The operator the bus would apply.
 * @category testing
 * @since 0.1.0
 */
export function asOperator(middleware: BaseMiddleware | Middleware): MonoTypeOperatorFunction<Event> {
  return middleware instanceof BaseMiddleware ? middleware.operator() : middleware
}
