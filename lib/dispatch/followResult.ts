import { from, isObservable, type Subscription } from 'rxjs'

/**
 * @internal Whether a handler's returned object (not a thenable) is a stream to follow: an
 * Observable, an async iterable or an interop Observable. May throw for a hostile object (a
 * throwing `Symbol.asyncIterator` getter, a Proxy): the caller counts that as the handler's failure.
 */
export function isStreamLike(result: object): boolean {
  if (isObservable(result)) return true
  if (typeof (result as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function') return true
  return typeof Symbol.observable === 'symbol' && typeof (result as Record<symbol, unknown>)[Symbol.observable] === 'function'
}

/**
 * @internal Follows a stream a handler returned until it ends: `settle(false)` when it
 * completes, `settle(true, error)` when it errors. Returns the subscription.
 */
export function followStream(result: object, settle: (failed: boolean, error?: unknown) => void): Subscription {
  return from(result as AsyncIterable<unknown>).subscribe({
    error: (error: unknown) => {
      settle(true, error)
    },
    complete: () => {
      settle(false)
    },
  })
}
