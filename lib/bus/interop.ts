import { defer, filter, firstValueFrom, type Observable, retry, type SchedulerLike, type Subscription, tap, timeout, timer } from 'rxjs'
import type { EventBusError } from '../errors/EventBusError'
import type { Event } from '../events/Event'
import { EventValidationError } from '../errors/EventValidationError'
import { renderValue } from '../internal/render'
import { compilePattern, isPattern } from '../routing/pattern'
import type { BusParts } from './assemble'
import { asBusError } from './deadLetters'
import { boundedIterator, type BoundedIterator } from './iterate'

/** @internal What the stream interop needs from the bus. */
export interface InteropHost {
  readonly scheduler: SchedulerLike
  events$(): Observable<Event>
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
export function nextOf(
  host: InteropHost,
  typeOrPattern: string,
  options: { readonly timeoutMs?: number; readonly filter?: (event: Event) => boolean },
): Promise<Event> {
  const accept = options.filter ?? ((): boolean => true)
  let source = eventsOf(host, typeOrPattern).pipe(filter((e) => accept(e)))
  if (options.timeoutMs !== undefined) source = source.pipe(timeout({ first: options.timeoutMs, scheduler: host.scheduler }))
  return firstValueFrom(source)
}

/** @internal `iterate(typeOrPattern, options)`. */
export function iterateOf(host: InteropHost, typeOrPattern: string, options: { readonly bufferSize?: number }): BoundedIterator<Event> {
  const bufferSize = options.bufferSize ?? 1000
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new EventValidationError('iterate(typeOrPattern, options)', [
      { path: 'options.bufferSize', expected: 'a whole number > 0', actual: renderValue(bufferSize) },
    ])
  }
  return boundedIterator(eventsOf(host, typeOrPattern), bufferSize)
}

/** @internal `connect(source$)`: publishes every event of a stream; failures are reported, never thrown. */
export function publishFrom(host: InteropHost, source$: Observable<Event<object>>): Subscription {
  return source$.subscribe({
    next: (event) => {
      host.publish(event, 'connect').catch((error: unknown) => {
        host.report(asBusError(error, 'connect: publish failed'), 'connect: publish failed')
      })
    },
    error: (error: unknown) => {
      host.report(asBusError(error, 'connect: source failed'), 'connect: source failed')
    },
  })
}

/** @internal `saga(fn)`: runs a stream function over `events$`, publishes its output, resubscribes it when it errors. */
export function runSaga(host: InteropHost, saga: (events$: Observable<Event>) => Observable<Event<object>>): Subscription {
  if (typeof saga !== 'function') {
    throw new EventValidationError('saga(saga)', [{ path: 'saga', expected: 'a function (events$) => Observable<Event>', actual: renderValue(saga) }])
  }
  const run$ = defer(() => saga(host.events$())).pipe(
    tap({
      error: (error: unknown) => {
        host.report(asBusError(error, 'saga failed; resubscribing'), 'saga failed; resubscribing')
      },
    }),
    retry({ delay: () => timer(0, host.scheduler) }),
  )
  return run$.subscribe((event) => {
    if (!host.accepting()) return
    host.followUp(event).catch((error: unknown) => {
      host.report(asBusError(error, 'saga: publish failed'), 'saga: publish failed')
    })
  })
}
