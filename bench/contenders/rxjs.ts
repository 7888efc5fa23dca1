import { Subject, filter, mergeMap, type Observable } from 'rxjs'
import type { AsyncHandler, BenchPayload, Contender, Listener, SyncHandler } from '../core/types'

/** What flows through the raw RxJS subjects: the payload, its type, and a callback for awaiting. */
export interface RxMessage {
  readonly type: string
  readonly payload: BenchPayload
  readonly done?: () => void
}

const deliverTo =
  (handler: SyncHandler): ((m: RxMessage) => void) =>
  (m) => {
    handler(m.payload)
  }

const runAsync =
  (handler: AsyncHandler) =>
  (m: RxMessage): Promise<void> => {
    const work = handler(m.payload)
    return m.done === undefined ? work : work.then(m.done)
  }

/**
 * Raw RxJS, the physical limit of a bus built on it. `'map'`: a Map from type to its own Subject
 * (routing costs one lookup); `'filter'`: one Subject for all, one `filter` per subscription
 * (routing costs one predicate call per subscription). Async handlers run in `mergeMap(h, concurrency)`.
 */
class RxjsContender implements Contender<RxMessage> {
  readonly nativeConcurrency = true
  readonly nativeAwait = false
  private readonly subjects = new Map<string, Subject<RxMessage>>()
  private readonly all = new Subject<RxMessage>()
  /** One delivery function per handler, as a user passes one function to `subscribe`. */
  private readonly deliveries = new Map<SyncHandler, (m: RxMessage) => void>()

  constructor(private readonly routing: 'map' | 'filter') {}

  message(type: string, payload: BenchPayload): RxMessage {
    return { type, payload }
  }

  private subjectOf(type: string): Subject<RxMessage> {
    let subject = this.subjects.get(type)
    if (subject === undefined) {
      subject = new Subject<RxMessage>()
      this.subjects.set(type, subject)
    }
    return subject
  }

  private source(type: string): Observable<RxMessage> {
    return this.routing === 'map' ? this.subjectOf(type) : this.all.pipe(filter((m: RxMessage) => m.type === type))
  }

  on(type: string, handler: SyncHandler): void {
    let deliver = this.deliveries.get(handler)
    if (deliver === undefined) {
      deliver = deliverTo(handler)
      this.deliveries.set(handler, deliver)
    }
    this.source(type).subscribe(deliver)
  }

  prepareListeners(_type: string, listeners: readonly Listener[]): Listener[] {
    return [...listeners]
  }

  subscribePrepared(type: string, listener: Listener): void {
    this.source(type).subscribe(listener)
  }

  onAsync(type: string, handler: AsyncHandler, concurrency: number): void {
    this.source(type)
      .pipe(mergeMap(runAsync(handler), concurrency))
      .subscribe()
  }

  publish(m: RxMessage): void {
    if (this.routing === 'map') this.subjects.get(m.type)?.next(m)
    else this.all.next(m)
  }

  publishAsync(m: RxMessage): void {
    this.publish(m)
  }

  publishAndWait(m: RxMessage): Promise<void> {
    return new Promise<void>((resolve) => {
      this.publish({ type: m.type, payload: m.payload, done: resolve })
    })
  }

  drain(): Promise<void> {
    return Promise.resolve()
  }

  close(): Promise<void> {
    for (const subject of this.subjects.values()) subject.complete()
    this.all.complete()
    return Promise.resolve()
  }
}

export const createRxjs = (routing: 'map' | 'filter'): Contender<RxMessage> => new RxjsContender(routing)
