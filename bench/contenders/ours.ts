import { map } from 'rxjs'
import { Event, EventBus, silentLogger, type EventHandler } from '../../lib'
import type { AsyncHandler, BenchPayload, Contender, Listener, SyncHandler } from '../core/types'

/** A bus whose every type carries a `BenchPayload`. */
type BenchEvents = Record<string, BenchPayload>
type BenchEvent = Event<BenchPayload>

export interface OursOptions {
  /** `false` for the `ours-nometrics` contender. */
  readonly metrics: boolean
  /** `'emit'`: fire and forget through `bus.emit(type, payload)`, which builds an `Event` per call. */
  readonly publishWith: 'publish' | 'emit'
}

/**
 * Our bus in its default configuration: metrics on (unless `metrics: false`), the default
 * bounded queue (10,000 waiting events, overflow `'wait'`), and one no-op middleware, as an
 * application with one middleware would run it. Only the logger is silenced.
 */
class OursContender implements Contender<BenchEvent> {
  readonly nativeConcurrency = true
  readonly nativeAwait = true
  /** One bus-facing handler per bench handler, as a user passes one function. */
  private readonly wrapped = new Map<SyncHandler | AsyncHandler, EventHandler<BenchEvent>>()

  constructor(
    private readonly bus: EventBus<BenchEvents>,
    private readonly publishWith: OursOptions['publishWith'],
  ) {}

  message(type: string, payload: BenchPayload): BenchEvent {
    return new Event<BenchPayload>({ eventType: type, payload })
  }

  private wrap(handler: SyncHandler | AsyncHandler): EventHandler<BenchEvent> {
    let h = this.wrapped.get(handler)
    if (h === undefined) {
      h = (event: BenchEvent) => handler(event.payload)
      this.wrapped.set(handler, h)
    }
    return h
  }

  on(type: string, handler: SyncHandler): void {
    this.bus.subscribe(type, this.wrap(handler))
  }

  prepareListeners(_type: string, listeners: readonly Listener[]): Listener[] {
    return [...listeners]
  }

  subscribePrepared(type: string, listener: Listener): void {
    this.bus.subscribe(type, listener)
  }

  onAsync(type: string, handler: AsyncHandler, concurrency: number): void {
    this.bus.subscribe(type, this.wrap(handler), { concurrency })
  }

  publish(event: BenchEvent): unknown {
    if (this.publishWith === 'emit') {
      this.bus.emit(event.eventType, event.payload)
      return undefined
    }
    return this.bus.publish(event)
  }

  publishAsync(event: BenchEvent): unknown {
    return this.publish(event)
  }

  publishAndWait(event: BenchEvent): Promise<unknown> {
    return this.bus.publish(event, { waitFor: 'handled' })
  }

  drain(): Promise<void> {
    return this.bus.drain()
  }

  async close(): Promise<void> {
    await this.bus.stop()
  }
}

export const createOurs = async (options: OursOptions): Promise<Contender<BenchEvent>> => {
  const bus = new EventBus<BenchEvents>({ metrics: options.metrics, logger: silentLogger })
  bus.addMiddleware(map((e: Event) => e))
  await bus.start()
  return new OursContender(bus, options.publishWith)
}
