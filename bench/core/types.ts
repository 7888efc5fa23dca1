/**
 * Shared vocabulary of the benchmark: what a contender must offer, what a worker reports.
 * Nothing here imports a contender, so the orchestrator (`bench/run.ts`) stays light.
 */

// model

/** The payload every contender carries: `n` is summed by handlers, `i` indexes latency samples. */
export interface BenchPayload {
  readonly n: number
  readonly i: number
}

/** A synchronous handler: what the bus hands over is unwrapped to the payload by the adapter. */
export type SyncHandler = (payload: BenchPayload) => void

/** An asynchronous handler: resolves when its work is done. */
export type AsyncHandler = (payload: BenchPayload) => Promise<void>

/** A listener that ignores what it receives (scenario 7 counts calls only). */
export type Listener = () => void

/**
 * One bus under test, behind the smallest common surface. `M` is the contender's own message
 * (our `Event`, a Nest event instance, a `{ type, payload }` pair), built by `message` before any
 * timed loop, so each contender publishes a prebuilt value.
 *
 * `L` is what the library subscribes (a function, or for NestJS a handler class behind its DI
 * wrapper), prepared by `prepareListeners` outside the heap measurement of scenario 7.
 *
 * Methods (not function properties) on purpose: a `Contender<Event, ...>` is then usable where a
 * `Contender<unknown, unknown>` is expected, and the worker only ever holds one contender per process.
 */
export interface Contender<M, L = Listener> {
  /** True when `onAsync(..., concurrency)` limits concurrency itself (ours, RxJS `mergeMap`). */
  readonly nativeConcurrency: boolean
  /** True when `publishAndWait` uses the library's own way to await handling. */
  readonly nativeAwait: boolean
  /** Builds a message for `type` (outside any timed loop). */
  message(type: string, payload: BenchPayload): M
  /** Subscribes a synchronous handler. */
  on(type: string, handler: SyncHandler): void
  /** Builds the library's form of each listener for `type` (scenario 7, before the heap is measured). */
  prepareListeners(type: string, listeners: readonly Listener[]): L[]
  /** Subscribes one prepared listener as it is (no wrapper), for scenario 7. */
  subscribePrepared(type: string, listener: L): void
  /** Subscribes an asynchronous handler, with at most `concurrency` calls at once where the library can. */
  onAsync(type: string, handler: AsyncHandler, concurrency: number): void
  /** Fire and forget, for synchronous handlers. Returns whatever the library returns. */
  publish(message: M): unknown
  /** Fire and forget, for asynchronous handlers (`emitAsync` for EventEmitter2). */
  publishAsync(message: M): unknown
  /** Publishes and resolves once every handler finished (natively, or emulated with a callback). */
  publishAndWait(message: M): Promise<unknown>
  /** Resolves when the bus has nothing queued or running (ours: `bus.drain()`; peers: nothing to wait for). */
  drain(): Promise<void>
  /** Releases timers and subscriptions. */
  close(): Promise<void>
}

/** Names of the contenders, in report order. */
export const CONTENDERS = [
  'ours',
  'ours-nometrics',
  'ours-emit',
  'rxjs-map',
  'rxjs-filter',
  'eventemitter3',
  'emittery',
  'eventemitter2',
  'nestjs-cqrs',
  'handler-direct',
] as const

export type ContenderName = (typeof CONTENDERS)[number]

export const isContenderName = (s: string): s is ContenderName => (CONTENDERS as readonly string[]).includes(s)

/** Knobs the orchestrator passes to each worker process. */
export interface WorkerOptions {
  /** tinybench measuring time per task, ms. */
  readonly timeMs: number
  /** tinybench warm-up time per task, ms. */
  readonly warmupMs: number
  /** Events in the burst of scenario 6. */
  readonly burstSize: number
  /** Subscriptions in scenario 7. */
  readonly subscriptions: number
  /** Upper bound of steady-rate events in scenario 8. */
  readonly latencyEvents: number
}

/** What a worker measured: scenario-specific named figures (ev/s, ns, bytes, MB, counts). */
export type Figures = Readonly<Partial<Record<string, number>>>

/** The one line a worker prints on stdout, after `RESULT_MARKER`. */
export type WorkerResult =
  | { readonly ok: true; readonly scenario: string; readonly contender: ContenderName; readonly figures: Figures; readonly notes: readonly string[] }
  | { readonly ok: false; readonly scenario: string; readonly contender: ContenderName; readonly error: string }

export const RESULT_MARKER = '@@bench-result '

/** A contender whatever its message and listener types (the worker holds exactly one). */
export type AnyContender = Contender<unknown, unknown>
