/**
 * `@torematrix/event-bus/inspector` (Node only): a live web page of a bus, served on localhost.
 *
 * @packageDocumentation
 */
export { inspect } from './inspect'
export { DEFAULT_INSPECT_OPTIONS, type InspectableBus, type Inspector, type InspectOptions } from './InspectOptions'
export { MAX_EVENTS_PER_SNAPSHOT } from './inspectorFeed'
export { MAX_ERROR_CHARS, MAX_PAYLOAD_CHARS, type DeadLetterSummary, type EventSummary, type InspectorMessage } from './messages'
