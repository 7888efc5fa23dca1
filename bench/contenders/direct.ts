import type { AsyncHandler, BenchPayload, Contender, Listener, SyncHandler } from '../core/types'
import type { TypedPayload } from './eventemitter3'

/**
 * No bus at all: the publish loop calls the handlers itself and returns the async handler's
 * Promise. It is the floor of S6 for any bus whose `publish` returns a Promise per event (the
 * handler's own async work plus the Promise the caller awaits), shown so that the ratios to
 * Emittery can be read against what is possible at all. Not a library: no routing beyond one
 * `Map` lookup, no queue, no concurrency limit, no isolation.
 */
class DirectContender implements Contender<TypedPayload> {
  readonly nativeConcurrency = false
  readonly nativeAwait = true
  private readonly sync = new Map<string, SyncHandler[]>()
  private readonly async = new Map<string, AsyncHandler>()

  message(type: string, payload: BenchPayload): TypedPayload {
    return { type, payload }
  }

  on(type: string, handler: SyncHandler): void {
    const list = this.sync.get(type)
    if (list === undefined) this.sync.set(type, [handler])
    else list.push(handler)
  }

  prepareListeners(_type: string, listeners: readonly Listener[]): Listener[] {
    return [...listeners]
  }

  subscribePrepared(type: string, listener: Listener): void {
    this.on(type, listener)
  }

  onAsync(type: string, handler: AsyncHandler): void {
    this.async.set(type, handler)
  }

  publish(m: TypedPayload): void {
    const list = this.sync.get(m.type)
    if (list !== undefined) for (const h of list) h(m.payload)
  }

  publishAsync(m: TypedPayload): Promise<void> | undefined {
    return this.async.get(m.type)?.(m.payload)
  }

  publishAndWait(m: TypedPayload): Promise<void> {
    return this.publishAsync(m) ?? Promise.resolve()
  }

  drain(): Promise<void> {
    return Promise.resolve()
  }

  close(): Promise<void> {
    this.sync.clear()
    this.async.clear()
    return Promise.resolve()
  }
}

export const createDirect = (): Contender<TypedPayload> => new DirectContender()
