import { Observable, Subscription, type Observer, type OperatorFunction } from 'rxjs'

/** @internal What an operator's subscriber sends to: an Observer that is also a Subscription. */
export type Destination<T> = Observer<T> & Subscription

/**
 * @internal The local equivalent of RxJS 7's unexported `OperatorSubscriber`: a public
 * `Subscription` that is also an `Observer`, so `Observable.subscribe` takes it as it is (no
 * `SafeSubscriber` hop). Operators subclass it and keep their per-subscription state in fields
 * (the RxJS 6 `MergeMapSubscriber` style): one instance per subscription, so the hot call sites
 * stay monomorphic however many subscriptions there are.
 *
 * `next` is the subclass's; `error` and `complete` pass on to the destination and release the
 * subscription.
 */
export abstract class OperatorSubscriber<In, Out> extends Subscription implements Observer<In> {
  /** Stopped by `error`, `complete` or `unsubscribe`: later notifications are ignored. */
  protected isStopped = false

  /**
   * @param destination Where values go.
   * @param chained Registers with the destination, so that unsubscribing it unsubscribes this
   *   (false for a destination shared by many subscribers: unsubscribe this one itself).
   */
  constructor(
    protected readonly destination: Destination<Out>,
    chained = true,
  ) {
    super()
    if (chained) destination.add(this)
  }

  abstract next(value: In): void

  error(err: unknown): void {
    if (this.isStopped) return
    this.isStopped = true
    try {
      this.destination.error(err)
    } finally {
      this.unsubscribe()
    }
  }

  complete(): void {
    if (this.isStopped) return
    this.isStopped = true
    try {
      this.destination.complete()
    } finally {
      this.unsubscribe()
    }
  }

  override unsubscribe(): void {
    this.isStopped = true
    super.unsubscribe()
  }
}

/**
 * @internal The local equivalent of RxJS 7's unexported `operate`: an operator from a function
 * that subscribes to the source on behalf of each subscriber.
 */
export function operate<In, Out>(init: (source: Observable<In>, destination: Destination<Out>) => void): OperatorFunction<In, Out> {
  return (source) =>
    new Observable<Out>((destination) => {
      init(source, destination)
    })
}

/**
 * @internal An operator whose every subscription is one instance of `Sub` (the operator's state
 * in fields): `operatorOf(RouteToSubscriber, table, host)`.
 */
export function operatorOf<In, Out, A extends unknown[]>(
  Sub: new (destination: Destination<Out>, ...args: A) => OperatorSubscriber<In, Out>,
  ...args: A
): OperatorFunction<In, Out> {
  return operate((source, destination) => {
    source.subscribe(new Sub(destination, ...args))
  })
}
