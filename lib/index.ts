/**
 * @torematrix/event-bus: a reactive, type-safe event bus on RxJS.
 *
 * @packageDocumentation
 */

// events
export {
  Event,
  DocumentEvent,
  ValidationEvent,
  ErrorEvent,
  ProcessingEvent,
  EventPriority,
  DocumentEventTypes,
  ProcessingEventTypes,
  EVENT_TYPE_PATTERN,
  EventTypeName,
  PlainObject,
  AnyEventCodec,
  DocumentEventCodec,
  ErrorEventCodec,
  EventCodec,
  ProcessingEventCodec,
  ValidationEventCodec,
  eventCodec,
  DEFAULT_MAX_PAYLOAD_BYTES,
  MAX_NESTING_DEPTH,
  parseEvent,
  safeParseEvent,
  encodeEvent,
} from './events'
export type {
  EventInit,
  EventJson,
  FieldsCodec,
  Payload,
  DocumentEventInit,
  ValidationEventInit,
  ErrorEventInit,
  ProcessingEventInit,
  DocumentEventType,
  ProcessingEventType,
  ParseEventOptions,
  PayloadSchema,
  PayloadSchemas,
  EncodeEventOptions,
  WireFormat,
  ValidationErrorDetail,
  ValidationErrorEntry,
} from './events'

// history and schema evolution
export type { HistoryOptions, HistoryQuery, SubscribeFrom } from './history/HistoryOptions'
export type { SchemaEntry, SchemaVersions, Upcaster } from './schema/SchemaVersions'

// bus
export { EventBus } from './bus/EventBus'
export type { EventBusCore } from './bus/EventBusCore'
export type { EventBusStreams } from './bus/EventBusStreams'
export type { Disposal, DisposableSubscription } from './bus/dispose'
export { DEFAULT_BUS_OPTIONS, consoleLogger, silentLogger, type BusDefaults } from './bus/options'
export type {
  AnyEventMap,
  BusHealth,
  DeadLetter,
  DeadLetterReason,
  EmitArgs,
  EmitInit,
  EventBusOptions,
  EventFor,
  EventHandler,
  EventMap,
  EventOf,
  EventPattern,
  EventUnion,
  WithEventType,
  FollowUps,
  HandlerContext,
  HandlerInfo,
  IterateOptions,
  KeysMatching,
  OnceOptions,
  PayloadOf,
  PublishableEvent,
  HandlerOutcome,
  HandlerResult,
  Logger,
  OverflowPolicy,
  PublishOptions,
  PublishResult,
  ReplayOptions,
  RetryPolicy,
  SagaOptions,
  StopOptions,
  DrainOptions,
  StopResult,
  SubscribeOptions,
  TypeOrPattern,
} from './bus/types'

export type { Transport, TransportDelivery, TransportHost, TransportStatus, TransportSubscribeOptions, TransportSubscription } from './bus/transport'
export type { BoundedIterator, DisposableIterator } from './bus/iterate'

// middleware
export type { Middleware } from './middleware/Middleware'
export { BaseMiddleware, type MiddlewareOptions } from './middleware/BaseMiddleware'
export { ValidationMiddleware, type ValidationMiddlewareOptions } from './middleware/ValidationMiddleware'
export { LoggingMiddleware, type LoggingMiddlewareOptions } from './middleware/LoggingMiddleware'
export { MetricsMiddleware, type MiddlewareMetrics } from './middleware/MetricsMiddleware'
export { FilterMiddleware, type FilterMiddlewareOptions } from './middleware/FilterMiddleware'

// operators
export { ofType, type EventClass, type NarrowByClass, type NarrowByType } from './operators/ofType'

// metrics
export type { EventTypeMetrics, HandlerMetrics, MemoryMetrics, MetricsSnapshot, TotalMetrics } from './metrics/MetricsSnapshot'
// eslint-disable-next-line @typescript-eslint/no-deprecated -- the 0.1 root export stays for one minor version
export { collectPrometheusMetrics, type PrometheusMetricsSource } from './metrics/prometheus'

// errors
export {
  EventBusError,
  BusNotStartedError,
  EventValidationError,
  QueueOverflowError,
  HandlerTimeoutError,
  HandlerError,
  HandlerAbandonedError,
  DrainTimeoutError,
  TransportError,
} from './errors'
export type { ValidationIssue } from './errors'
