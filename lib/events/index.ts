export { Event, type EventInit, type EventJson, type FieldsCodec, type Payload } from './Event'
export { DocumentEvent, type DocumentEventInit } from './DocumentEvent'
export { ValidationEvent, type ValidationEventInit } from './ValidationEvent'
export { ErrorEvent, type ErrorEventInit } from './ErrorEvent'
export { ProcessingEvent, type ProcessingEventInit } from './ProcessingEvent'
export { EventPriority } from './EventPriority'
export { DocumentEventTypes, type DocumentEventType } from './DocumentEventTypes'
export { ProcessingEventTypes, type ProcessingEventType } from './ProcessingEventTypes'
export { EVENT_TYPE_PATTERN, EventTypeName, PlainObject } from './fields'
export {
  AnyEventCodec,
  DocumentEventCodec,
  ErrorEventCodec,
  EventCodec,
  ProcessingEventCodec,
  ValidationEventCodec,
  eventCodec,
} from './codecs'
export { DEFAULT_MAX_PAYLOAD_BYTES, parseEvent, type ParseEventOptions } from './parseEvent'
