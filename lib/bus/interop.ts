import { defer, filter, firstValueFrom, mergeWith, Observable, retry, type SchedulerLike, takeUntil, tap, timeout, timer } from 'rxjs'
import type { EventBusError } from '../errors/EventBusError'
import type { Event } from '../events/Event'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { retryDelay } from '../dispatch/outcome'
import { checkRetry } from './config'
import { checkKeys, OPTION_KEYS } from './optionKeys'
import { renderValue } from '../internal/render'
import { compilePattern, isPattern } from '../routing/pattern'
import type { BusParts } from './assemble'
import { asBusError } from './deadLetters'
import { checkSignal, type DisposableSubscription, disposable, onAbort } from './dispose'
import { boundedIterator, type DisposableIterator } from './iterate'
import type { IterateOptions, OnceOptions, RetryPolicy, SagaOptions } from './types'

/** @internal What the stream interop needs from the bus. */
export interface InteropHost {
  readonly scheduler: SchedulerLike
  events$(): Observable<Event>
  /** Emits when the current run stops. */
  stopped$(): Observable<void>
  /** Publishes without waiting (rejects when not running). */
  publish(event: Event<object>, operation: string): Promise<unknown>
  /** Publishes a follow-up (never waits for room). */
  followUp(event: Event<object>): Promise<unknown>
  /** False once the bus stopped. */
  accepting(): boolean
  report(error: EventBusError, message: string): void
}

/** @internal The interop's view of a bus's parts. */
export function interopHost(parts: BusParts): InteropHost {
  return {
    scheduler: parts.scheduler,
    events$: () => parts.lifecycle.streams.events$,
    stopped$: () => parts.lifecycle.streams.stopped,
    publish: (event, operation) => parts.admission.publish(event, undefined, operation),
    followUp: (event) => parts.admission.submitFollowUp(event),
    accepting: () => parts.lifecycle.accepting,
    report: (error, message) => {
      parts.deadLetters.report(error, message)
    },
  }
}

/** @internal `on(typeOrPattern)`: the events of a type or pattern. */
export function eventsOf(host: InteropHost, typeOrPattern: string): Observable<Event> {
  const matches = isPattern(typeOrPattern) ? compilePattern(typeOrPattern) : (t: string): boolean => t === typeOrPattern
  return host.events$().pipe(filter((e) => matches(e.eventType)))
}

/** @internal `once(typeOrPattern, options)`. */
export function nextOf(host: InteropHost, typeOrPattern: string, options: OnceOptions): Promise<Event> {
  const issues: ValidationIssue[] = []
  checkKeys(options, OPTION_KEYS.once, 'options', issues)
  if (issues.length > 0) throw new EventValidationError('once(typeOrPattern, options)', issues)
  const signal = checkSignal(options.signal, 'once(typeOrPattern, options)')
  const accept = options.filter ?? ((): boolean => true)
  let source = eventsOf(host, typeOrPattern).pipe(filter((e) => accept(e)))
  if (options.timeoutMs !== undefined) source = source.pipe(timeout({ first: options.timeoutMs, scheduler: host.scheduler }))
  if (signal !== undefined) source = source.pipe(mergeWith(aborted(signal)))
  return firstValueFrom(source)
}

/** @internal Errors with the signal's `reason` when it aborts (at once if it has); never emits. */
function aborted(signal: AbortSignal): Observable<never> {
  return new Observable<never>((subscriber) => {
    onAbort(signal, subscriber, () => {
      subscriber.error(signal.reason)
    })
  })
}

/** @internal `iterate(typeOrPattern, options)`. */
export function iterateOf(host: InteropHost, typeOrPattern: string, options: IterateOptions): DisposableIterator<Event> {
  const issues: ValidationIssue[] = []
  checkKeys(options, OPTION_KEYS.iterate, 'options', issues)
  const bufferSize = options.bufferSize ?? 1000
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    issues.push({ path: 'options.bufferSize', expected: 'a whole number > 0', actual: renderValue(bufferSize) })
  }
  if (issues.length > 0) throw new EventValidationError('iterate(typeOrPattern, options)', issues)
  const signal = checkSignal(options.signal, 'iterate(typeOrPattern, options)')
  return boundedIterator(eventsOf(host, typeOrPattern), bufferSize, signal)
}

/** @internal `publishFrom(source$)` (and its alias `connect`): publishes every event of a stream; failures are reported, never thrown. */
export function publishFrom(host: InteropHost, source$: Observable<Event<object>>): DisposableSubscription {
  const sub = source$.subscribe({
    next: (event) => {
      host.publish(event, 'publishFrom').catch((error: unknown) => {
        host.report(asBusError(error, 'publishFrom: publish failed'), 'publishFrom: publish failed')
      })
    },
    error: (error: unknown) => {
      host.report(asBusError(error, 'publishFrom: source failed'), 'publishFrom: source failed')
    },
  })
  return disposable(sub, undefined)
}

/** @internal `saga(fn, options)`'s retry when none is given: 10 resubscriptions (as NgRx effects), 100 ms doubling. */
export const DEFAULT_SAGA_RETRY: Required<RetryPolicy> = Object.freeze({ count: 10, delayMs: 100, backoff: 'exponential' })

/**
 * @internal `saga(fn, options)`: runs a stream function over `events$` and publishes its output.
 * When it errors it is resubscribed at most `retry.count` times in a row (the count starts again
 * after it emits), after `retryDelay` on the bus scheduler; each error is reported, and so is
 * giving up. It ends when the run stops.
 */
export function runSaga(host: InteropHost, saga: (events$: Observable<Event>) => Observable<Event<object>>, options: SagaOptions = {}): DisposableSubscription {
  const issues: ValidationIssue[] = []
  if (typeof saga !== 'function') issues.push({ path: 'saga', expected: 'a function (events$) => Observable<Event>', actual: renderValue(saga) })
  checkKeys(options, OPTION_KEYS.saga, 'options', issues)
  const policy = { ...DEFAULT_SAGA_RETRY, ...options.retry }
  checkRetry(policy, 'options.retry', issues)
  if (issues.length > 0) throw new EventValidationError('saga(saga, options)', issues)
  let failures = 0
  const run$ = defer(() => saga(host.events$())).pipe(
    tap({
      next: () => {
        failures = 0
      },
      error: (error: unknown) => {
        const message = ++failures > policy.count ? `saga failed ${failures} times in a row; not resubscribed` : 'saga failed; resubscribing'
        host.report(asBusError(error, message), message)
      },
    }),
    retry({ count: policy.count, delay: (_error, n) => timer(retryDelay(policy, n), host.scheduler), resetOnSuccess: true }),
    takeUntil(host.stopped$()),
  )
  const sub = run$.subscribe({
    next: (event) => {
      if (!host.accepting()) return
      host.followUp(event).catch((error: unknown) => {
        host.report(asBusError(error, 'saga: publish failed'), 'saga: publish failed')
      })
    },
    error: () => undefined, // reported above, with the count
  })
  return disposable(sub, undefined)
}
