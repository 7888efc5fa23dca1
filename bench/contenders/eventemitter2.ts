import { EventEmitter2 } from 'eventemitter2'
import type { AsyncHandler, BenchPayload, Contender, Listener, SyncHandler } from '../core/types'
import type { TypedPayload } from './eventemitter3'

/** EventEmitter2 with default options: `emit` for sync handlers, `emitAsync` to await async ones. */
class EventEmitter2Contender implements Contender<TypedPayload> {
  readonly nativeConcurrency = false
  readonly nativeAwait = true
  /** `maxListeners: 0`: no leak warning when S7 subscribes 100,000 listeners. */
  private readonly ee = new EventEmitter2({ maxListeners: 0 })

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
    // emitAsync awaits the Promises its listeners return: returning one is the documented use.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    this.ee.on(type, handler)
  }

  publish(m: TypedPayload): boolean {
    return this.ee.emit(m.type, m.payload)
  }

  publishAsync(m: TypedPayload): Promise<unknown> {
    return this.ee.emitAsync(m.type, m.payload)
  }

  publishAndWait(m: TypedPayload): Promise<unknown> {
    return this.ee.emitAsync(m.type, m.payload)
  }

  drain(): Promise<void> {
    return Promise.resolve()
  }

  close(): Promise<void> {
    this.ee.removeAllListeners()
    return Promise.resolve()
  }
}

export const createEventEmitter2 = (): Contender<TypedPayload> => new EventEmitter2Contender()
