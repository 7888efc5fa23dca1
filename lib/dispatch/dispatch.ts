import type { OperatorFunction } from 'rxjs'
import { operate } from '../internal/operate'
import type { Tracked } from '../pipeline/Tracked'
import type { DispatchHost, DispatchOptions } from './DispatchHost'
import { DispatchSubscriber } from './DispatchSubscriber'

/**
 * @internal One subscription's dispatch: our `mergeMap(handler, concurrency)` over records,
 * written the way RxJS writes its operators (the outer `next` is the slot check, `pump` drains the
 * buffer), plus a priority queue, `orderBy` lanes, timeout and retry. Emits each record once per
 * finished delivery (handled, failed, or cancelled), for `settle`. A handler's failure is an
 * outcome, never an error of the stream.
 *
 * ```text
 * source:   --a--b--c--|        concurrency 1, the handler takes 3 frames
 * handler:    [a-]
 *                [b--]          (b waited for a's slot)
 * result:   -----a--b--c|
 * ```
 *
 * @param onSubscriber Receives each subscriber when it is created (the bus's registry), and
 *   `onRetired` when it is closed and idle.
 */
export function dispatch(
  host: DispatchHost,
  options: DispatchOptions,
  onSubscriber: (d: DispatchSubscriber) => void,
  onRetired: (d: DispatchSubscriber) => void,
): OperatorFunction<Tracked, Tracked> {
  return operate((source, destination) => {
    const d = new DispatchSubscriber(destination, host, options, onRetired)
    onSubscriber(d)
    source.subscribe(d)
  })
}
