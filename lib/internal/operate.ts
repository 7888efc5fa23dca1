import { Observable, Subscription, type Observer, type OperatorFunction } from 'rxjs'

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
    protected readonly destination: Observer<Out> & Subscription,
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
export function operate<In, Out>(init: (source: Observable<In>, destination: Observer<Out> & Subscription) => void): OperatorFunction<In, Out> {
  return (source) =>
    new Observable<Out>((destination) => {
      init(source, destination)
    })
}
