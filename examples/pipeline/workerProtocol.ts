import type { DeadLetterReason, MetricsSnapshot, MiddlewareMetrics } from '../../lib'

/** What a worker process is told on its command line (one JSON argument). */
export interface WorkerConfig extends DemoTransportConfig {
  /** 1, 2, ...: its label in the report (`w1`, `w2`, ...). */
  readonly worker: number
  /** The plan's inputs: every process computes the same plan from them. */
  readonly documents: number
  readonly failRate: number
  readonly seed: number
}

/** What a worker has to say at the end (after its bus stopped). */
export interface WorkerFinal {
  readonly snapshot: MetricsSnapshot
  readonly middleware: MiddlewareMetrics
  readonly deadLetters: Readonly<Partial<Record<DeadLetterReason, number>>>
  readonly undelivered: number
  readonly busLogErrors: number
  readonly middlewareLogLines: number
  /** CPU time the worker used from ready to stopped, ms (user + system). */
  readonly cpuMs: number
}

/** Worker → coordinator, over the IPC channel of `spawn`. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly pid: number }
  | { readonly type: 'metrics'; readonly snapshot: MetricsSnapshot }
  | { readonly type: 'final'; readonly final: WorkerFinal }

/** Coordinator → worker: stop the bus (it drains, acks what finished), report, exit. */
export type CoordinatorMessage = { readonly type: 'stop' }

/** Whether a message received over IPC (untyped: whatever the other side sent) is the coordinator's `stop`. */
export function isStopMessage(message: unknown): message is Extract<CoordinatorMessage, { type: 'stop' }> {
  return typeof message === 'object' && message !== null && 'type' in message && message.type === 'stop'
}

/** Where the demo's events travel: every process of a run uses the same stream and prefix. */
export interface DemoTransportConfig {
  readonly servers: readonly string[]
  readonly stream: string
  readonly subjectPrefix: string
  readonly ackWaitMs: number
}
