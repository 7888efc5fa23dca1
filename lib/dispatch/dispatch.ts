import type { OperatorFunction } from 'rxjs'
import { operate } from '../internal/operate'
import type { Tracked } from '../pipeline/Tracked'
import type { DispatchHost, DispatchOptions } from './DispatchHost'
import { type DispatchRegistry, DispatchSubscriber } from './DispatchSubscriber'

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
 * The destination is shared by every subscription of a bus (one `settle`), so a dispatch does not
 * register itself with it: unsubscribe the dispatch itself (the registry receives it).
 *
 * @param registry Receives each subscriber when it is created, and again when it is closed and idle.
 */
export function dispatch(host: DispatchHost, options: DispatchOptions, registry: DispatchRegistry): OperatorFunction<Tracked, Tracked> {
  return operate((source, destination) => {
    const d = new DispatchSubscriber(destination, host, options, registry)
    registry.added(d)
    source.subscribe(d)
  })
}
