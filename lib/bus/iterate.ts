import type { Observable } from 'rxjs'
import { RingBuffer } from '../internal/RingBuffer'
import { type Disposal, disposeSymbol, onAbort } from './dispose'

/**
 * A bounded async iterator over a hot stream: at most `bufferSize` events wait; when it is
 * full the oldest is dropped and counted in `dropped` (never an unbounded buffer, unlike
 * Emittery's iterators). `return()` (a `break` in `for await`), `[Symbol.dispose]()` (`using`)
 * and the `signal` given to `iterate` end it and unsubscribe.
 *
 * @category bus
 * @since 0.1.0
 */
export interface BoundedIterator<T> extends AsyncIterableIterator<T> {
  /** Events dropped because the buffer was full. */
  readonly dropped: number
}

/**
 * A {@link BoundedIterator} that `using` can hold: `[Symbol.dispose]()` ends it, as `break` does.
 *
 * @category bus
 * @since 0.2.0
 */
export type DisposableIterator<T> = BoundedIterator<T> & Disposal

/** @internal A bounded iterator over `source`; it ends (as `return()` does) when `signal` aborts. */
export function boundedIterator<T>(source: Observable<T>, bufferSize: number, signal?: AbortSignal): DisposableIterator<T> {
  const buffer = new RingBuffer<T>(Math.min(bufferSize, 1024))
  const waiters: ((r: IteratorResult<T>) => void)[] = []
  let dropped = 0
  let finished = false
  let failure: { error: unknown } | null = null
  let rejecters: ((e: unknown) => void)[] = []
  const done = (): IteratorResult<T> => ({ done: true, value: undefined })
  const sub = source.subscribe({
    next: (value) => {
      const w = waiters.shift()
      if (w !== undefined) {
        rejecters.shift()
        w({ done: false, value })
        return
      }
      if (buffer.size >= bufferSize) {
        buffer.shift()
        dropped++
      }
      buffer.push(value)
    },
    error: (error: unknown) => {
      failure = { error }
      finished = true
      for (const r of rejecters) r(error)
      waiters.length = 0
      rejecters = []
    },
    complete: () => {
      finished = true
      for (const w of waiters) w(done())
      waiters.length = 0
      rejecters = []
    },
  })
  const iterator: DisposableIterator<T> = {
    get dropped() {
      return dropped
    },
    next(): Promise<IteratorResult<T>> {
      if (buffer.size > 0) return Promise.resolve({ done: false, value: buffer.shift() as T })
      if (failure !== null) return Promise.reject(failure.error)
      if (finished) return Promise.resolve(done())
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        waiters.push(resolve)
        rejecters.push(reject)
      })
    },
    return(): Promise<IteratorResult<T>> {
      finished = true
      sub.unsubscribe()
      buffer.clear()
      for (const w of waiters) w(done())
      waiters.length = 0
      rejecters = []
      return Promise.resolve(done())
    },
    [Symbol.asyncIterator]() {
      return iterator
    },
  } as unknown as DisposableIterator<T>
  const end = (): void => void iterator.return?.()
  if (disposeSymbol !== undefined) Object.defineProperty(iterator, disposeSymbol, { value: end })
  if (signal !== undefined) onAbort(signal, sub, end)
  return iterator
}
