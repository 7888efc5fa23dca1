import { from, isObservable, type Subscription } from 'rxjs'

/** @internal What a handler's result turned out to be. */
export type ResultKind = 'done' | 'async'

interface Thenable {
  then(onFulfilled: (v: unknown) => void, onRejected: (e: unknown) => void): unknown
}

/**
 * @internal Whether a handler's returned object is something to follow (a thenable, an
 * Observable, an async iterable, an interop Observable) or a plain value (done). May throw for a
 * hostile object (a throwing `then` or `Symbol.asyncIterator` getter, a Proxy): the caller counts
 * that as the handler's failure.
 */
export function kindOf(result: object): ResultKind {
  if (typeof (result as { then?: unknown }).then === 'function') return 'async'
  if (isObservable(result)) return 'async'
  if (typeof (result as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function') return 'async'
  if (typeof Symbol.observable === 'symbol' && typeof (result as Record<symbol, unknown>)[Symbol.observable] === 'function') return 'async'
  return 'done'
}

/**
 * @internal Follows an asynchronous result until it settles: `settle(false)` when it resolves or
 * completes, `settle(true, error)` when it rejects or errors. A thenable whose `then` throws
 * settles as failed at once. Returns the subscription to a stream (null for a thenable).
 */
export function followResult(result: object, settle: (failed: boolean, error?: unknown) => void): Subscription | null {
  const then = (result as Partial<Thenable>).then
  if (typeof then === 'function') {
    then.call(
      result,
      () => {
        settle(false)
      },
      (error: unknown) => {
        settle(true, error)
      },
    )
    return null
  }
  return from(result as AsyncIterable<unknown>).subscribe({
    error: (error: unknown) => {
      settle(true, error)
    },
    complete: () => {
      settle(false)
    },
  })
}
