import EventEmitter from 'eventemitter3'
import type { AsyncHandler, BenchPayload, Contender, Listener, SyncHandler } from '../core/types'

/** A `(type, payload)` pair: what the emitter-style peers publish. */
export interface TypedPayload {
  readonly type: string
  readonly payload: BenchPayload
}

/**
 * eventemitter3: the synchronous ceiling. It cannot await handlers, so `publishAndWait` passes a
 * callback as a second emit argument that the async listener calls when done (the usual workaround).
 */
class EventEmitter3Contender implements Contender<TypedPayload> {
  readonly nativeConcurrency = false
  readonly nativeAwait = false
  private readonly ee = new EventEmitter()

  message(type: string, payload: BenchPayload): TypedPayload {
    return { type, payload }
  }

  on(type: string, handler: SyncHandler): void {
    this.ee.on(type, handler)
  }

  prepareListeners(_type: string, listeners: readonly Listener[]): Listener[] {
    return [...listeners]
  }

  subscribePrepared(type: string, listener: Listener): void {
    this.ee.on(type, listener)
  }

  onAsync(type: string, handler: AsyncHandler): void {
    this.ee.on(type, (payload: BenchPayload, done?: () => void) => {
      const work = handler(payload)
      if (done !== undefined) void work.then(done)
    })
  }

  publish(m: TypedPayload): void {
    this.ee.emit(m.type, m.payload)
  }

  publishAsync(m: TypedPayload): void {
    this.ee.emit(m.type, m.payload)
  }

  publishAndWait(m: TypedPayload): Promise<void> {
    return new Promise<void>((resolve) => {
      this.ee.emit(m.type, m.payload, resolve)
    })
  }

  drain(): Promise<void> {
    return Promise.resolve()
  }

  close(): Promise<void> {
    this.ee.removeAllListeners()
    return Promise.resolve()
  }
}

export const createEventEmitter3 = (): Contender<TypedPayload> => new EventEmitter3Contender()
