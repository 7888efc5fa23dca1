import { EventBusError } from '../errors/EventBusError'
import { EventValidationError } from '../errors/EventValidationError'
import { HandlerError } from '../errors/HandlerError'
import { DocumentEvent } from '../events/DocumentEvent'
import { DocumentEventTypes } from '../events/DocumentEventTypes'
import { ErrorEvent } from '../events/ErrorEvent'
import type { Event } from '../events/Event'
import { describeThrown } from '../internal/describeThrown'
import { DEAD_LETTERED, OUTCOME } from '../metrics/foldOutcome'
import type { MetricsScan } from '../metrics/MetricsScan'
import type { Tracked } from '../pipeline/Tracked'
import type { Lifecycle } from './Lifecycle'
import { eventFields } from './logging'
import type { DeadLetter, DeadLetterReason, Logger } from './types'

const RESOLVED: Promise<void> = Promise.resolve()

/** @internal What the dead-letter office needs from its bus. */
export interface DeadLetterHost {
  readonly logger: Logger
  readonly metrics: MetricsScan
  readonly errorEvents: boolean
  /** The current run's streams, and whether the bus still accepts follow-ups (no `ErrorEvent` once stopped). */
  readonly lifecycle: Lifecycle
  /** Publishes a follow-up (never waits for room). */
  followUp(event: Event): Promise<unknown>
}

/**
 * @internal The one writer of `deadLetters$` and `errors$`, and of the `ErrorEvent` follow-up of
 * a failed handler. Logs name types, ids and errors, never payload values.
 */
export class DeadLetters {
  constructor(private readonly host: DeadLetterHost) {}

  /** An event the bus could not deliver. */
  deadLetter(event: Event, reason: DeadLetterReason, error: unknown, handler: string | undefined, attempts: number): void {
    this.host.metrics.record(DEAD_LETTERED[reason])
    const subject = this.host.lifecycle.streams.deadLetters
    if (!subject.observed) return
    const letter: { -readonly [K in keyof DeadLetter]: DeadLetter[K] } = { event, reason, attempts }
    if (error !== undefined) letter.error = error
    if (handler !== undefined) letter.handler = handler
    subject.next(Object.freeze(letter))
  }

  /** Logs an error and sends it to `errors$`. */
  report(error: EventBusError, message: string): void {
    this.host.logger.error({ component: 'event-bus', error: describe(error) }, message)
    const subject = this.host.lifecycle.streams.errors
    if (subject.observed) subject.next(error)
  }

  /** A middleware threw, rejected or returned a non-event: a dead letter `'invalid'` or `'middleware-error'`. */
  middlewareFailed(rec: Tracked, error: unknown): void {
    this.host.metrics.record(OUTCOME.failed)
    const reason: DeadLetterReason = error instanceof EventValidationError ? 'invalid' : 'middleware-error'
    const e = rec.event
    this.host.logger.error({ component: 'event-bus', ...eventFields(e), reason, error: describe(error) }, 'middleware failed; event sent to dead letters')
    this.deadLetter(e, reason, error, undefined, 0)
  }

  /**
   * A handler failed for good: logged, sent to `errors$` and `deadLetters$`, and followed by an
   * `ErrorEvent` when the bus has `errorEvents`. Resolves once that follow-up is accepted.
   */
  handlerFailed(event: Event, handler: string, error: unknown, reason: DeadLetterReason, attempts: number): Promise<void> {
    const host = this.host
    host.metrics.record(OUTCOME.failed)
    const wrapped: EventBusError = reason === 'timeout' ? (error as EventBusError) : new HandlerError(handler, event.eventType, event.id, error)
    host.logger.error(
      { component: 'event-bus', handler, ...eventFields(event), reason, attempts, error: describe(error) },
      'handler failed; event sent to dead letters',
    )
    const errors = host.lifecycle.streams.errors
    if (errors.observed) errors.next(wrapped)
    this.deadLetter(event, reason, error, handler, attempts)
    if (!host.errorEvents || event.metadata['generatedBy'] === 'event-bus' || !host.lifecycle.accepting) return RESOLVED
    let errorEvent: ErrorEvent
    try {
      errorEvent = errorEventOf(event, handler, error, wrapped)
    } catch (e) {
      this.report(asBusError(e, 'error event not built'), 'error event not built')
      return RESOLVED
    }
    return host.followUp(errorEvent).then(
      () => undefined,
      (e: unknown) => {
        this.report(asBusError(e, 'error event not published'), 'error event not published')
      },
    )
  }
}

/** @internal An `EventBusError` as it is, anything else wrapped with `message` (the cause kept). */
export function asBusError(error: unknown, message: string): EventBusError {
  return error instanceof EventBusError ? error : new EventBusError(`${message}: ${describe(error)}`, { cause: error })
}

/** @internal An error for a log line: see `describeThrown` (never a thrown object's data). */
export function describe(error: unknown): string {
  return describeThrown(error)
}

/** The `ErrorEvent` follow-up of a handler failure (its `errorType` falls back to `'Error'` for an unnamed error). */
function errorEventOf(event: Event, handler: string, error: unknown, wrapped: EventBusError): ErrorEvent {
  let errorType = 'HandlerError'
  let stackTrace: string | null = null
  try {
    if (error instanceof Error) {
      const name: unknown = error.name
      errorType = typeof name === 'string' && name.trim() !== '' ? name : 'Error'
      const stack: unknown = error.stack
      stackTrace = typeof stack === 'string' ? stack : null
    }
  } catch {
    // unreadable: keep the defaults
  }
  return new ErrorEvent({
    eventType: DocumentEventTypes.ERROR_OCCURRED,
    documentId: event instanceof DocumentEvent ? event.documentId : event.id,
    errorType,
    errorMessage: wrapped.message,
    stackTrace,
    correlationId: event.correlationId ?? null,
    traceIds: event.traceIds,
    metadata: { causationId: event.id, generatedBy: 'event-bus', handler },
  })
}
