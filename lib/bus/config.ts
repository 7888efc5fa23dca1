import { asyncScheduler, type SchedulerLike } from 'rxjs'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { isEventTypeName } from '../events/fields'
import { checkFrom, checkHistoryOption } from '../history/checkHistory'
import { renderValue } from '../internal/render'
import { compilePattern, isPattern } from '../routing/pattern'
import { guardLogger } from './logging'
import { checkKeys, OPTION_KEYS } from './optionKeys'
import { DEFAULT_BUS_OPTIONS } from './options'
import type { Transport } from './transport'
import type { EventBusOptions, Logger, OverflowPolicy, RetryPolicy, SubscribeOptions } from './types'

const OVERFLOW_POLICIES: readonly OverflowPolicy[] = ['wait', 'reject', 'drop-oldest', 'drop-newest']

/** @internal A bus's options, checked and defaulted. */
export interface BusConfig {
  readonly maxQueueSize: number
  readonly overflow: OverflowPolicy
  readonly defaultTimeoutMs: number
  readonly logger: Logger
  readonly metrics: boolean
  readonly metricsIntervalMs: number
  readonly errorEvents: boolean
  readonly replayCount: number
  readonly transport: Transport | null
  readonly dedupeWindow: number
  readonly slowCallWarnMs: number
  /** How many events the embedded history keeps; 0: none. */
  readonly historyMaxEvents: number
  /** A scheduler was given (virtual time under a `TestScheduler`: every event is timed). */
  readonly virtualTime: boolean
  readonly scheduler: SchedulerLike
  /** The bus clock, ms: the scheduler's when one was given, else a high-resolution clock. */
  readonly clock: () => number
}

/**
 * @internal Checks and defaults `new EventBus(options)`.
 *
 * @throws EventValidationError naming every malformed option.
 */
export function resolveConfig(options: EventBusOptions): BusConfig {
  const o = { ...DEFAULT_BUS_OPTIONS, ...options }
  const issues: ValidationIssue[] = []
  const check = (ok: boolean, path: string, expected: string, actual: unknown): void => {
    if (!ok) issues.push({ path, expected, actual: renderValue(actual) })
  }
  checkKeys(options, OPTION_KEYS.bus, '', issues)
  checkKeys(options.replay, OPTION_KEYS.replay, 'replay', issues)
  check(Number.isFinite(o.slowCallWarnMs) && o.slowCallWarnMs >= 0, 'slowCallWarnMs', 'a number of ms >= 0 (0: no warning)', o.slowCallWarnMs)
  check(Number.isInteger(o.maxQueueSize) && o.maxQueueSize > 0, 'maxQueueSize', 'a whole number > 0', o.maxQueueSize)
  check(OVERFLOW_POLICIES.includes(o.overflow), 'overflow', `one of ${OVERFLOW_POLICIES.join(', ')}`, o.overflow)
  check(Number.isFinite(o.defaultTimeoutMs) && o.defaultTimeoutMs >= 0, 'defaultTimeoutMs', 'a number of ms >= 0', o.defaultTimeoutMs)
  check(Number.isFinite(o.metricsIntervalMs) && o.metricsIntervalMs > 0, 'metricsIntervalMs', 'a number of ms > 0', o.metricsIntervalMs)
  const logger: unknown = o.logger // options come from JavaScript too: check what is really there
  check(
    typeof logger === 'object' &&
      logger !== null &&
      ['debug', 'info', 'warn', 'error'].every((k) => typeof (logger as Record<string, unknown>)[k] === 'function'),
    'logger',
    'an object with debug, info, warn and error methods (console, pino, ...)',
    o.logger,
  )
  const replayCount = (o.replay as { readonly count?: number } | undefined)?.count ?? 0 // `replay: undefined` may be passed
  check(Number.isInteger(replayCount) && replayCount >= 0, 'replay.count', 'a whole number >= 0', replayCount)
  const historyMaxEvents = checkHistoryOption(options.history, issues)
  if (issues.length > 0) throw new EventValidationError('new EventBus(options)', issues)
  const scheduler = o.scheduler ?? asyncScheduler
  const perf = (globalThis as { performance?: { now(): number } }).performance
  return {
    maxQueueSize: o.maxQueueSize,
    overflow: o.overflow,
    defaultTimeoutMs: o.defaultTimeoutMs,
    logger: guardLogger(o.logger),
    metrics: o.metrics,
    metricsIntervalMs: o.metricsIntervalMs,
    errorEvents: o.errorEvents,
    replayCount,
    transport: options.transport ?? null,
    dedupeWindow: options.dedupeWindow ?? 10_000,
    slowCallWarnMs: o.slowCallWarnMs,
    historyMaxEvents,
    virtualTime: o.scheduler !== null,
    scheduler,
    clock: o.scheduler !== null ? () => scheduler.now() : perf !== undefined ? () => perf.now() : () => Date.now(),
  }
}

/** @internal A subscription's options, checked and defaulted. */
export interface SubscriptionConfig {
  readonly keys: readonly string[]
  readonly concurrency: number
  readonly timeoutMs: number
  readonly retry: RetryPolicy | null
}

/**
 * @internal Checks `subscribe(typeOrPattern, handler, options)` (called from JavaScript too).
 *
 * @throws EventValidationError naming every malformed argument.
 */
export function checkSubscription(typeOrPattern: unknown, handler: unknown, options: SubscribeOptions<never>, defaultTimeoutMs: number): SubscriptionConfig {
  const keys = (typeof typeOrPattern === 'string' ? [typeOrPattern] : typeOrPattern) as readonly string[]
  const issues: ValidationIssue[] = []
  checkKeys(options, OPTION_KEYS.subscribe, 'options', issues)
  const check = (ok: boolean, path: string, expected: string, actual: unknown): void => {
    if (!ok) issues.push({ path, expected, actual: renderValue(actual) })
  }
  if (!Array.isArray(keys) || keys.length === 0) {
    check(false, 'typeOrPattern', 'an event type, a pattern, or a non-empty array of them', typeOrPattern)
  } else {
    keys.forEach((k: unknown, i) => {
      const path = keys.length === 1 ? 'typeOrPattern' : `typeOrPattern.${i}`
      if (typeof k !== 'string' || (!isEventTypeName(k) && !isPattern(k))) {
        check(false, path, 'an event type such as "document.processing.started", or a pattern', k)
      } else if (isPattern(k)) {
        try {
          compilePattern(k)
        } catch (error) {
          issues.push(...(error as EventValidationError).issues.map((x) => ({ ...x, path })))
        }
      }
    })
  }
  check(typeof handler === 'function', 'handler', 'a function (event, context) => void | Promise | Observable', handler)
  const concurrency = options.concurrency ?? 1
  check(concurrency === Infinity || (Number.isInteger(concurrency) && concurrency > 0), 'options.concurrency', 'a whole number > 0 (or Infinity)', concurrency)
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs
  check(Number.isFinite(timeoutMs) && timeoutMs >= 0, 'options.timeoutMs', 'a number of ms >= 0', timeoutMs)
  const retry = options.retry ?? null
  if (retry !== null) checkRetry(retry, 'options.retry', issues)
  const { group, orderBy, name } = options
  check(
    group === undefined || (typeof group === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(group)),
    'options.group',
    'a name of letters, digits, _ and - (at most 64)',
    group,
  )
  check(orderBy === undefined || typeof orderBy === 'function', 'options.orderBy', 'a key function (event) => key', orderBy)
  check(name === undefined || (typeof name === 'string' && name.length > 0), 'options.name', 'a non-empty string', name)
  checkFrom(options.from, issues)
  if (issues.length > 0) throw new EventValidationError('subscribe(typeOrPattern, handler, options)', issues)
  return { keys, concurrency, timeoutMs, retry }
}

/** @internal Checks a retry policy (a subscription's or a saga's), adding an issue per malformed field under `path`. */
export function checkRetry(retry: RetryPolicy, path: string, issues: ValidationIssue[]): void {
  const check = (ok: boolean, field: string, expected: string, actual: unknown): void => {
    if (!ok) issues.push({ path: `${path}.${field}`, expected, actual: renderValue(actual) })
  }
  checkKeys(retry, OPTION_KEYS.retry, path, issues)
  check(Number.isInteger(retry.count) && retry.count >= 0, 'count', 'a whole number >= 0', retry.count)
  const { delayMs } = retry
  check(delayMs === undefined || (Number.isFinite(delayMs) && delayMs >= 0), 'delayMs', 'a number of ms >= 0', delayMs)
  const backoff: unknown = retry.backoff
  check(backoff === undefined || backoff === 'fixed' || backoff === 'exponential', 'backoff', "'fixed' or 'exponential'", backoff)
}
