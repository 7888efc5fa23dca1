import type { ValidationIssue } from '../errors/EventValidationError'
import { closest } from '../internal/closest'
import { renderValue } from '../internal/render'
import type { PublishOptions } from './publishTypes'
import type { DrainOptions, StopOptions } from './lifecycleTypes'
import type { EventBusOptions, IterateOptions, OnceOptions, ReplayOptions, RetryPolicy, SagaOptions, SubscribeOptions } from './types'

/** The keys of `T`, listed once: the compiler checks the list is complete. */
function keysOf<T>(keys: Record<keyof T, true>): readonly string[] {
  return Object.freeze(Object.keys(keys))
}

/** @internal The option keys each call knows (options come from JavaScript too: a misspelt key must not pass silently). */
export const OPTION_KEYS = Object.freeze({
  bus: keysOf<EventBusOptions>({
    maxQueueSize: true,
    overflow: true,
    defaultTimeoutMs: true,
    logger: true,
    scheduler: true,
    metricsIntervalMs: true,
    metrics: true,
    errorEvents: true,
    replay: true,
    transport: true,
    dedupeWindow: true,
    slowCallWarnMs: true,
    history: true,
  }),
  replay: keysOf<ReplayOptions>({ count: true }),
  subscribe: keysOf<SubscribeOptions>({ name: true, concurrency: true, timeoutMs: true, retry: true, orderBy: true, group: true, from: true, signal: true }),
  retry: keysOf<RetryPolicy>({ count: true, delayMs: true, backoff: true }),
  publish: keysOf<PublishOptions>({ waitFor: true }),
  stop: keysOf<StopOptions>({ timeoutMs: true }),
  drain: keysOf<DrainOptions>({ timeoutMs: true }),
  saga: keysOf<SagaOptions>({ retry: true }),
  once: keysOf<OnceOptions>({ timeoutMs: true, filter: true, signal: true }),
  iterate: keysOf<IterateOptions>({ bufferSize: true, signal: true }),
})

/**
 * @internal Adds an issue for each key of `options` that `known` does not list, with the known
 * key it most likely meant ("did you mean").
 */
export function checkKeys(options: unknown, known: readonly string[], path: string, issues: ValidationIssue[]): void {
  if (typeof options !== 'object' || options === null) return
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue
    const near = closest(key, known)
    issues.push({
      path: path === '' ? key : `${path}.${key}`,
      expected: near === undefined ? `no such option (known: ${known.join(', ')})` : `no such option; did you mean '${near}'?`,
      actual: renderValue((options as Record<string, unknown>)[key]),
    })
  }
}
