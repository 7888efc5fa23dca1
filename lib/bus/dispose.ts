import type { Subscription } from 'rxjs'
import { EventValidationError } from '../errors/EventValidationError'
import { renderValue } from '../internal/render'

// Explicit resource management (`using`) and AbortSignal, for what subscribe, once and iterate return.

/** (A helper of `Disposal`, not exported.) `Symbol.dispose`'s type where the compiler knows it (TS 5.2+ with `esnext.disposable`, or `@types/node` 20+); `never` elsewhere. */
type DisposeKey = SymbolConstructor extends { readonly dispose: infer S extends symbol } ? S : never

/**
 * The `[Symbol.dispose]()` method that makes a value usable with `using` (TypeScript 5.2+).
 * Where the compiler does not know `Symbol.dispose` (no `esnext.disposable` lib, no
 * `@types/node`), the type is empty and nothing else changes.
 *
 * @category bus
 * @since 0.2.0
 */
export type Disposal = {
  /** Unsubscribes (or ends the iterator): what `using` calls at the end of the block. */
  readonly [K in DisposeKey]: () => void
}

/**
 * An RxJS `Subscription` that `using` can hold: `[Symbol.dispose]()` unsubscribes.
 *
 * @example
 * {
 *   using sub = bus.subscribe('order.placed', handle)
 *   await work()
 * } // unsubscribed here
 *
 * @category bus
 * @since 0.2.0
 */
export type DisposableSubscription = Subscription & Disposal

/** @internal `Symbol.dispose` at run time (undefined on a runtime without it). */
export const disposeSymbol: symbol | undefined = (Symbol as { readonly dispose?: symbol }).dispose

/**
 * @internal Gives a class of subscriptions `[Symbol.dispose]` (unsubscribe) on its prototype, once:
 * nothing per instance (heap per subscription is a benchmark target).
 */
export function installDispose(proto: { unsubscribe(): void }): void {
  if (disposeSymbol === undefined || Object.prototype.hasOwnProperty.call(proto, disposeSymbol)) return
  Object.defineProperty(proto, disposeSymbol, {
    value(this: { unsubscribe(): void }): void {
      this.unsubscribe()
    },
    configurable: true,
    writable: true,
  })
}

/** @internal Adds `[Symbol.dispose]` (unsubscribe) to `sub` unless its class has it, and unsubscribes it when `signal` aborts (at once if it has). */
export function disposable(sub: Subscription, signal: AbortSignal | undefined): DisposableSubscription {
  if (disposeSymbol !== undefined && !(disposeSymbol in sub))
    Object.defineProperty(sub, disposeSymbol, {
      value: (): void => {
        sub.unsubscribe()
      },
      configurable: true,
    })
  if (signal !== undefined) {
    onAbort(signal, sub, () => {
      sub.unsubscribe()
    })
  }
  return sub as DisposableSubscription
}

/** @internal Runs `abort` once when `signal` aborts (now, if it has); the listener goes with `owner`. */
export function onAbort(signal: AbortSignal, owner: Subscription, abort: () => void): void {
  if (signal.aborted) {
    abort()
    return
  }
  signal.addEventListener('abort', abort, { once: true })
  owner.add(() => {
    signal.removeEventListener('abort', abort)
  })
}

/** @internal Throws an `EventValidationError` unless `signal` is undefined or an `AbortSignal`. */
export function checkSignal(signal: unknown, call: string): AbortSignal | undefined {
  if (signal === undefined) return undefined
  if (typeof AbortSignal !== 'undefined' && signal instanceof AbortSignal) return signal
  throw new EventValidationError(call, [{ path: 'options.signal', expected: 'an AbortSignal', actual: renderValue(signal) }])
}
