import type * as t from 'io-ts'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { Event } from '../events/Event'
import { isEventTypeName } from '../events/fields'
import { isPlainObject } from '../internal/freeze'
import { issuesFromErrors } from '../internal/ioTsIssues'
import { escapeControl, renderValue } from '../internal/render'
import { BaseMiddleware, type MiddlewareOptions } from './BaseMiddleware'

/**
 * Options of {@link ValidationMiddleware}.
 *
 * @category middleware
 * @since 0.1.0
 */
export interface ValidationMiddlewareOptions extends MiddlewareOptions {
  /** io-ts codecs of payloads by event type; events of other types are checked only for form. */
  readonly schemas?: Readonly<Record<string, t.Decoder<unknown, unknown>>>
}

/**
 * Checks each event: a well-formed event type, a plain-object payload, and, when a schema is
 * given for its type, a payload that decodes. An invalid event is rejected with an
 * `EventValidationError` naming every failing path; in a bus it goes to `deadLetters$` with
 * reason `'invalid'`.
 *
 * @example
 * bus.addMiddleware(new ValidationMiddleware({ schemas: { 'user.created': t.type({ name: t.string }) } }))
 *
 * @category middleware
 * @since 0.1.0
 */
export class ValidationMiddleware extends BaseMiddleware {
  private readonly schemas: Readonly<Record<string, t.Decoder<unknown, unknown>>>

  /** @param options See {@link ValidationMiddlewareOptions}. */
  constructor(options: ValidationMiddlewareOptions = {}) {
    super(options)
    this.schemas = options.schemas ?? {}
  }

  /**
   * @returns The event, unchanged, when valid.
   * @throws EventValidationError when it is not.
   */
  process(event: Event): Event {
    const issues: ValidationIssue[] = []
    if (!(event instanceof Event)) {
      throw new EventValidationError('ValidationMiddleware', [{ path: '', expected: 'an Event', actual: renderValue(event) }])
    }
    if (!isEventTypeName(event.eventType)) {
      issues.push({ path: 'eventType', expected: 'a well-formed event type (domain.action.state)', actual: renderValue(event.eventType) })
    }
    if (!isPlainObject(event.payload)) issues.push({ path: 'payload', expected: 'a plain object', actual: renderValue(event.payload) })
    const schema = Object.prototype.hasOwnProperty.call(this.schemas, event.eventType) ? this.schemas[event.eventType] : undefined
    if (schema !== undefined && issues.length === 0) {
      const result = schema.decode(event.payload)
      if (result._tag === 'Left') {
        for (const issue of issuesFromErrors(result.left)) issues.push({ ...issue, path: issue.path === '' ? 'payload' : `payload.${issue.path}` })
      }
    }
    if (issues.length > 0) {
      const eventType: unknown = event.eventType // a forged event may have none
      throw new EventValidationError(`ValidationMiddleware('${escapeControl(String(eventType))}')`, issues)
    }
    return event
  }
}
