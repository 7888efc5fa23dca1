import 'reflect-metadata'
import { EventBus, EventsHandler, UnhandledExceptionBus, type CommandBus, type IEvent, type IEventHandler } from '@nestjs/cqrs'
import type { ModuleRef } from '@nestjs/core'
import { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js'
import type { AsyncHandler, BenchPayload, Contender, Listener, SyncHandler } from '../core/types'

/** A Nest event: a class instance per publish; its class is its type. `done` emulates awaiting. */
export class NestBenchEvent implements IEvent {
  constructor(
    readonly payload: BenchPayload,
    readonly done?: () => void,
  ) {}
}

type NestEventClass = new (payload: BenchPayload, done?: () => void) => NestBenchEvent
type NestHandler = InstanceWrapper<IEventHandler<NestBenchEvent>>

/** An `@EventsHandler(Cls)` class for `handle`, behind the `InstanceWrapper` Nest's DI would give it. */
const handlerFor = (Cls: NestEventClass, handle: (event: NestBenchEvent) => unknown): NestHandler => {
  class BenchHandler implements IEventHandler<NestBenchEvent> {
    handle(event: NestBenchEvent): unknown {
      return handle(event)
    }
  }
  EventsHandler(Cls)(BenchHandler)
  return new InstanceWrapper<IEventHandler<NestBenchEvent>>({
    name: BenchHandler.name,
    metatype: BenchHandler,
    instance: new BenchHandler(),
    isResolved: true,
  })
}

/**
 * @nestjs/cqrs's `EventBus`, built without a Nest application: the command bus and module ref
 * are only used by sagas and request-scoped handlers, so stubs do. Handlers are registered the
 * way `CqrsModule` does on bootstrap: an `@EventsHandler(EventClass)` class (the decorator applied
 * as a function) behind an `InstanceWrapper`, passed to `bus.register`. NestJS cannot await
 * handling: `publishAndWait` builds the event with a callback its handler calls when done.
 */
class NestContender implements Contender<NestBenchEvent, NestHandler> {
  readonly nativeConcurrency = false
  readonly nativeAwait = false
  private readonly bus = new EventBus(
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a deliberate stub: the command bus is used by sagas only, and the bench runs none
    {} as CommandBus,
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a deliberate stub: the module ref is used by request-scoped handlers only, and the bench has none
    {} as ModuleRef,
    new UnhandledExceptionBus(),
  )
  private readonly classes = new Map<string, NestEventClass>()
  /** One handler class (and DI wrapper) per handler function and event class, as Nest has one provider per handler class. */
  private readonly wrappers = new Map<SyncHandler | AsyncHandler, Map<NestEventClass, NestHandler>>()

  private classOf(type: string): NestEventClass {
    let cls = this.classes.get(type)
    if (cls === undefined) {
      cls = class extends NestBenchEvent {}
      Object.defineProperty(cls, 'name', { value: `Bench_${type.replace(/\W/g, '_')}` })
      this.classes.set(type, cls)
    }
    return cls
  }

  message(type: string, payload: BenchPayload): NestBenchEvent {
    const Cls = this.classOf(type)
    return new Cls(payload)
  }

  private register(type: string, key: SyncHandler | AsyncHandler, handle: (event: NestBenchEvent) => unknown): void {
    const Cls = this.classOf(type)
    let byClass = this.wrappers.get(key)
    if (byClass === undefined) {
      byClass = new Map()
      this.wrappers.set(key, byClass)
    }
    let wrapper = byClass.get(Cls)
    if (wrapper === undefined) {
      wrapper = handlerFor(Cls, handle)
      byClass.set(Cls, wrapper)
    }
    this.bus.register([wrapper])
  }

  prepareListeners(type: string, listeners: readonly Listener[]): NestHandler[] {
    // One handler class for all (a class per listener would measure 100,000 classes and their
    // reflect-metadata maps, not the bus), one instance and DI wrapper per listener.
    const Cls = this.classOf(type)
    class ListenerHandler implements IEventHandler<NestBenchEvent> {
      constructor(readonly listener: Listener) {}
      handle(): void {
        this.listener()
      }
    }
    EventsHandler(Cls)(ListenerHandler)
    return listeners.map(
      (listener) =>
        new InstanceWrapper<IEventHandler<NestBenchEvent>>({
          name: ListenerHandler.name,
          metatype: ListenerHandler,
          instance: new ListenerHandler(listener),
          isResolved: true,
        }),
    )
  }

  subscribePrepared(_type: string, listener: NestHandler): void {
    this.bus.register([listener])
  }

  on(type: string, handler: SyncHandler): void {
    this.register(type, handler, (event) => {
      handler(event.payload)
    })
  }

  onAsync(type: string, handler: AsyncHandler): void {
    this.register(type, handler, (event) => {
      const work = handler(event.payload)
      return event.done === undefined ? work : work.then(event.done)
    })
  }

  publish(event: NestBenchEvent): unknown {
    return this.bus.publish(event)
  }

  publishAsync(event: NestBenchEvent): unknown {
    return this.bus.publish(event)
  }

  publishAndWait(event: NestBenchEvent): Promise<void> {
    const Cls = event.constructor as NestEventClass
    return new Promise<void>((resolve) => {
      this.bus.publish(new Cls(event.payload, resolve))
    })
  }

  drain(): Promise<void> {
    return Promise.resolve()
  }

  close(): Promise<void> {
    this.bus.onModuleDestroy()
    return Promise.resolve()
  }
}

export const createNestjs = (): Contender<NestBenchEvent, NestHandler> => new NestContender()
