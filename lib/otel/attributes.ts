// The span attributes, by OpenTelemetry's semantic conventions for messaging
// (https://opentelemetry.io/docs/specs/semconv/messaging/messaging-spans/), and the bus's own
// under `messaging.torematrix.*` (the place the conventions give a system's attributes).

/**
 * The attribute names the spans of `otelInstrumentation` carry: the messaging semantic
 * conventions' (`messaging.*`, `error.type`), and the bus's own under `messaging.torematrix.*`.
 *
 * ```text
 * producer span  "<eventType> publish"  kind PRODUCER   system, operation, destination, message id, conversation id
 * consumer span  "<eventType> process"  kind CONSUMER   the same + handler, attempt, outcome (+ delivery count, error.type)
 * ```
 *
 * @category otel
 * @since 0.2.0
 */
export const OTEL_ATTRIBUTES = Object.freeze({
  /** `'torematrix'` in process, or the transport's name (`'nats'`). */
  system: 'messaging.system',
  /** `'send'` (producer) or `'process'` (consumer). */
  operationType: 'messaging.operation.type',
  /** `'publish'` or `'process'`. */
  operationName: 'messaging.operation.name',
  /** The event type. */
  destination: 'messaging.destination.name',
  /** The event's `id`. */
  messageId: 'messaging.message.id',
  /** The event's `correlationId`, when it has one. */
  conversationId: 'messaging.message.conversation_id',
  /** The handler's name (as `subscribe` named it). */
  handler: 'messaging.torematrix.handler',
  /** The attempt, from 1 (in-process retries count up). */
  attempt: 'messaging.torematrix.attempt',
  /** How the attempt ended: `'fulfilled'`, `'rejected'`, `'timeout'` or `'abandoned'` (by `stop()`). */
  outcome: 'messaging.torematrix.outcome',
  /** With a transport: how many times the broker delivered the message (1 the first time). */
  deliveryCount: 'messaging.torematrix.delivery_count',
  /** On failure: the error's name, or `'timeout'`. */
  errorType: 'error.type',
})

/** @internal `messaging.system` of a bus without a transport. */
export const IN_PROCESS_SYSTEM = 'torematrix'

/** @internal The instrumentation scope the default tracer is named by (the package; a spec keeps the version in step). */
export const INSTRUMENTATION_SCOPE = Object.freeze({ name: '@torematrix/event-bus', version: '0.1.0' })
