import {
  type BatchObservableCallback,
  type BatchObservableResult,
  createNoopMeter,
  type Counter,
  type Gauge,
  type Histogram,
  type Meter,
  type Attributes,
  type MetricOptions,
  type Observable,
  type UpDownCounter,
} from '@opentelemetry/api'

/** An asynchronous instrument the recording meter made. */
export class RecordedInstrument<A extends Attributes = Attributes> implements Observable<A> {
  constructor(
    readonly kind: 'counter' | 'upDownCounter' | 'gauge',
    readonly name: string,
    readonly options: MetricOptions | undefined,
  ) {}
  addCallback(): void {
    throw new Error(`${this.name}: the bus should register one batch callback, not a callback per instrument`)
  }
  removeCallback(): void {
    throw new Error(`${this.name}: removeCallback is not expected`)
  }
}

/** One observation of a collection. */
export interface Observation {
  readonly value: number
  readonly attributes: Attributes
}

/**
 * A Meter that records its asynchronous instruments and batch callbacks, and runs them on
 * `collect()` as an SDK's reader would (an observation of an instrument not registered with the
 * callback is refused, as the SDK drops it). Synchronous instruments are the API's no-ops.
 */
export class RecordingMeter implements Meter {
  readonly instruments: RecordedInstrument[] = []
  readonly callbacks: { readonly callback: BatchObservableCallback; readonly observables: readonly Observable[] }[] = []
  private readonly noop = createNoopMeter()

  createGauge<A extends Attributes = Attributes>(name: string, options?: MetricOptions): Gauge<A> {
    return this.noop.createGauge(name, options)
  }
  createHistogram<A extends Attributes = Attributes>(name: string, options?: MetricOptions): Histogram<A> {
    return this.noop.createHistogram(name, options)
  }
  createCounter<A extends Attributes = Attributes>(name: string, options?: MetricOptions): Counter<A> {
    return this.noop.createCounter(name, options)
  }
  createUpDownCounter<A extends Attributes = Attributes>(name: string, options?: MetricOptions): UpDownCounter<A> {
    return this.noop.createUpDownCounter(name, options)
  }
  createObservableGauge<A extends Attributes = Attributes>(name: string, options?: MetricOptions): RecordedInstrument<A> {
    return this.record(new RecordedInstrument<A>('gauge', name, options))
  }
  createObservableCounter<A extends Attributes = Attributes>(name: string, options?: MetricOptions): RecordedInstrument<A> {
    return this.record(new RecordedInstrument<A>('counter', name, options))
  }
  createObservableUpDownCounter<A extends Attributes = Attributes>(name: string, options?: MetricOptions): RecordedInstrument<A> {
    return this.record(new RecordedInstrument<A>('upDownCounter', name, options))
  }
  addBatchObservableCallback<A extends Attributes = Attributes>(callback: BatchObservableCallback<A>, observables: Observable<A>[]): void {
    this.callbacks.push({ callback, observables: [...observables] })
  }
  removeBatchObservableCallback<A extends Attributes = Attributes>(callback: BatchObservableCallback<A>, observables: Observable<A>[]): void {
    const i = this.callbacks.findIndex(
      (c) => c.callback === callback && c.observables.length === observables.length && c.observables.every((o, j) => o === observables[j]),
    )
    if (i >= 0) this.callbacks.splice(i, 1)
  }

  /** Runs every batch callback once; the observations by instrument name. */
  async collect(): Promise<Record<string, Observation[]>> {
    const seen: Record<string, Observation[]> = {}
    const names = new Map<Observable, string>(this.instruments.map((i) => [i, i.name]))
    for (const { callback, observables } of this.callbacks) {
      const result: BatchObservableResult = {
        observe(metric, value, attributes = {}) {
          if (!observables.includes(metric)) throw new Error('observed an instrument not registered with this callback')
          const name = names.get(metric) ?? 'unknown'
          ;(seen[name] ??= []).push({ value, attributes })
        },
      }
      await callback(result)
    }
    return seen
  }

  private record<A extends Attributes>(instrument: RecordedInstrument<A>): RecordedInstrument<A> {
    this.instruments.push(instrument)
    return instrument
  }
}
