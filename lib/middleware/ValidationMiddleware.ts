import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { Event } from '../events/Event'
import { isEventTypeName } from '../events/fields'
import { checkSchemas, payloadIssues, type PayloadSchemas } from '../events/PayloadSchema'
import { isPlainObject } from '../internal/freeze'
import { escapeControl, renderValue } from '../internal/render'
import { BaseMiddleware, type MiddlewareOptions } from './BaseMiddleware'

/**
 * Options of {@link ValidationMiddleware}.
 *
 * @category middleware
 * @since 0.1.0
 */
export interface ValidationMiddlewareOptions extends MiddlewareOptions {
  /**
   * Payload validators by event type: io-ts codecs or Standard Schema validators (zod, valibot,
   * ArkType), mixed as you like; events of other types are checked only for form. Copied at
   * construction.
   */
  readonly schemas?: PayloadSchemas
}

/**
 * Checks each event: a well-formed event type, a plain-object payload, and, when a schema is
 * given for its type, a payload the schema accepts. An invalid event is rejected with an
 * `EventValidationError` naming every failing path and what it expects (never the values: those
 * stay in its `issues`); in a bus it goes to `deadLetters$` with reason `'invalid'`.
 *
 * `process` answers synchronously unless a Standard Schema validator returns a Promise (an async
 * zod refinement, for example): then it returns a Promise of the event, and the bus waits for it.
 * Validators check, they do not transform: a valid event passes unchanged (the same instance).
 *
 * @example
 * import { z } from 'zod'
 * bus.addMiddleware(new ValidationMiddleware({ schemas: { 'user.created': z.object({ name: z.string() }), 'user.deleted': t.type({ id: t.string }) } }))
 *
 * @category middleware
 * @since 0.1.0
 */
export class ValidationMiddleware extends BaseMiddleware {
  private readonly schemas: ReturnType<typeof checkSchemas>

  /**
   * @param options See {@link ValidationMiddlewareOptions}.
   * @throws EventValidationError when a `schemas` entry is neither an io-ts codec nor a Standard Schema validator.
   */
  constructor(options: ValidationMiddlewareOptions = {}) {
    super(options)
    this.schemas = checkSchemas('new ValidationMiddleware(options)', options.schemas)
  }

  /**
   * @returns The event, unchanged, when valid (a Promise of it when a validator is asynchronous).
   * @throws EventValidationError when it is not (a rejected Promise, for an asynchronous validator).
   */
  process(event: Event): Event | Promise<Event> {
    const issues: ValidationIssue[] = []
    if (!(event instanceof Event)) {
      throw new EventValidationError('ValidationMiddleware', [{ path: '', expected: 'an Event', actual: renderValue(event), value: event }])
    }
    if (!isEventTypeName(event.eventType)) {
      issues.push({
        path: 'eventType',
        expected: 'a well-formed event type (domain.action.state)',
        actual: renderValue(event.eventType),
        value: event.eventType,
      })
    }
    if (!isPlainObject(event.payload)) issues.push({ path: 'payload', expected: 'a plain object', actual: renderValue(event.payload), value: event.payload })
    const schema = issues.length === 0 ? this.schemas[event.eventType] : undefined
    if (schema === undefined) return settle(event, issues)
    const checked = payloadIssues(schema, event.payload)
    return 'then' in checked ? Promise.resolve(checked).then((found) => settle(event, found)) : settle(event, checked)
  }
}

function settle(event: Event, issues: readonly ValidationIssue[]): Event {
  if (issues.length === 0) return event
  const eventType: unknown = event.eventType // a forged event may have none
  throw new EventValidationError(`ValidationMiddleware('${escapeControl(String(eventType)).slice(0, 256)}')`, issues)
}
