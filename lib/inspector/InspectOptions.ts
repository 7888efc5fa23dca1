import type { Observable } from 'rxjs'
import type { DeadLetter } from '../bus/types'
import type { Event } from '../events/Event'
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot'

// model

/**
 * What the inspector reads of a bus: its three hot streams. Every `EventBus` is one.
 *
 * @category inspector
 * @since 0.2.0
 */
export interface InspectableBus {
  /** Every event that passed the middleware (`EventBus.events$`). */
  readonly events$: Observable<Event<object>>
  /** Events the bus could not deliver (`EventBus.deadLetters$`). */
  readonly deadLetters$: Observable<DeadLetter>
  /** Live metrics snapshots (`EventBus.metrics$`). */
  readonly metrics$: Observable<MetricsSnapshot>
}

/**
 * Options of {@link inspect}.
 *
 * @category inspector
 * @since 0.2.0
 */
export interface InspectOptions {
  /** TCP port, 0 to 65535; 0 (the default) picks a free one. */
  readonly port?: number
  /**
   * Address to bind (default `'127.0.0.1'`: only this machine can open the page). While bound to
   * a loopback address the server answers only requests whose `Host` is a loopback name
   * (a defence against DNS rebinding).
   */
  readonly host?: string
  /** Show event payloads (default false: type, id, correlation id, timestamp and priority only). */
  readonly payloads?: boolean
}

/**
 * A running inspector, as {@link inspect} resolves it.
 *
 * @category inspector
 * @since 0.2.0
 */
export interface Inspector {
  /** The page's address, such as `http://127.0.0.1:43117/`. */
  readonly url: string
  /** Ends every open page's stream, stops the server and unsubscribes from the bus; idempotent. */
  close(): Promise<void>
}

/**
 * The defaults of {@link InspectOptions}.
 *
 * @category inspector
 * @since 0.2.0
 */
export const DEFAULT_INSPECT_OPTIONS: Readonly<Required<InspectOptions>> = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  payloads: false,
})

// constructors

/**
 * @internal Checks the options of `inspect` and fills in the defaults.
 * @throws TypeError naming the option that is wrong and what it takes.
 */
export function inspectOptionsOf(options: unknown): Readonly<Required<InspectOptions>> {
  if (options === undefined) return DEFAULT_INSPECT_OPTIONS
  if (typeof options !== 'object' || options === null) throw new TypeError(`inspect: options must be an object, got ${shown(options)}`)
  const o = options as Record<string, unknown>
  const port = o['port'] ?? DEFAULT_INSPECT_OPTIONS.port
  const host = o['host'] ?? DEFAULT_INSPECT_OPTIONS.host
  const payloads = o['payloads'] ?? DEFAULT_INSPECT_OPTIONS.payloads
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`inspect: options.port must be a whole number from 0 to 65535 (0 picks a free port), got ${shown(port)}`)
  }
  if (typeof host !== 'string' || host.trim() === '') {
    throw new TypeError(`inspect: options.host must be a non-empty string such as '127.0.0.1', got ${shown(host)}`)
  }
  if (typeof payloads !== 'boolean') throw new TypeError(`inspect: options.payloads must be a boolean, got ${shown(payloads)}`)
  return { port, host, payloads }
}

/** @internal Checks that `bus` has the three streams the inspector reads. */
export function checkInspectableBus(bus: unknown): asserts bus is InspectableBus {
  const b = bus as Partial<Record<keyof InspectableBus, unknown>> | null | undefined
  for (const key of ['events$', 'deadLetters$', 'metrics$'] as const) {
    const stream = typeof b === 'object' && b !== null ? b[key] : undefined
    if (typeof stream !== 'object' || stream === null || typeof (stream as { subscribe?: unknown }).subscribe !== 'function') {
      throw new TypeError(`inspect: bus must be an EventBus (its ${key} is missing), got ${shown(bus)}`)
    }
  }
}

/** A bad value, described without printing it whole. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value)
  return `a value of type ${typeof value}`
}
