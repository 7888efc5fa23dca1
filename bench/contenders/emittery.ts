import Emittery from 'emittery'
import type { AsyncHandler, BenchPayload, Contender, Listener, SyncHandler } from '../core/types'
import type { TypedPayload } from './eventemitter3'

/** Emittery: always async; `emit()` resolves when every listener finished (native await). */
class EmitteryContender implements Contender<TypedPayload> {
  readonly nativeConcurrency = false
  readonly nativeAwait = true
  private readonly emitter = new Emittery<Record<string, BenchPayload>>()

  message(type: string, payload: BenchPayload): TypedPayload {
    return { type, payload }
  }

  on(type: string, handler: SyncHandler): void {
    this.emitter.on(type, handler)
  }

  prepareListeners(_type: string, listeners: readonly Listener[]): Listener[] {
    return [...listeners]
  }

  subscribePrepared(type: string, listener: Listener): void {
    this.emitter.on(type, listener)
  }

  onAsync(type: string, handler: AsyncHandler): void {
    this.emitter.on(type, handler)
  }

  publish(m: TypedPayload): Promise<void> {
    return this.emitter.emit(m.type, m.payload)
  }

  publishAsync(m: TypedPayload): Promise<void> {
    return this.emitter.emit(m.type, m.payload)
  }

  publishAndWait(m: TypedPayload): Promise<void> {
    return this.emitter.emit(m.type, m.payload)
  }

  drain(): Promise<void> {
    return Promise.resolve()
  }

  close(): Promise<void> {
    this.emitter.clearListeners()
    return Promise.resolve()
  }
}

export const createEmittery = (): Contender<TypedPayload> => new EmitteryContender()
