import type { Logger } from '../bus/types'
import { consoleLogger } from '../bus/options'
import type { Event } from '../events/Event'
import { escapeControl } from '../internal/render'
import { BaseMiddleware, type MiddlewareOptions } from './BaseMiddleware'

/**
 * Options of {@link LoggingMiddleware}.
 *
 * @category middleware
 * @since 0.1.0
 */
export interface LoggingMiddlewareOptions extends MiddlewareOptions {
  /** The level to log each event at; default `'info'`. */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error'
  /** Where to log; default `console` (warnings and errors only, so pass a logger for info). */
  readonly logger?: Logger
  /** Log the payload too (off by default: payloads may hold personal data). */
  readonly includePayload?: boolean
}

/**
 * Logs each event's type, id, correlation id and priority (never the payload unless
 * `includePayload`), with control characters escaped; passes every event on.
 *
 * @example
 * bus.addMiddleware(new LoggingMiddleware({ logLevel: 'debug', logger: pino() }))
 *
 * @category middleware
 * @since 0.1.0
 */
export class LoggingMiddleware extends BaseMiddleware {
  private readonly level: 'debug' | 'info' | 'warn' | 'error'
  private readonly logger: Logger
  private readonly includePayload: boolean

  /** @param options See {@link LoggingMiddlewareOptions}. */
  constructor(options: LoggingMiddlewareOptions = {}) {
    super(options)
    this.level = options.logLevel ?? 'info'
    this.logger = options.logger ?? consoleLogger
    this.includePayload = options.includePayload ?? false
  }

  /** @returns The event, unchanged. */
  process(event: Event): Event {
    const fields: Record<string, unknown> = {
      eventType: event.eventType,
      eventId: escapeControl(event.id),
      priority: event.priority,
    }
    if (event.correlationId !== undefined) fields['correlationId'] = escapeControl(event.correlationId)
    if (event.source !== undefined) fields['source'] = escapeControl(event.source)
    if (this.includePayload) fields['payload'] = event.payload
    this.logger[this.level](fields, `event ${event.eventType}`)
    return event
  }
}
