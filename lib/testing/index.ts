/**
 * `@torematrix/event-bus/testing`: helpers to test code that uses the bus: marble-testing
 * handlers, middleware, sagas and whole buses under RxJS `TestScheduler.run`, and a mock bus
 * that records what code under test publishes.
 *
 * @packageDocumentation
 */
export { createTestBus } from './createTestBus'
export { createMockBus, type MockBus, type MockBusOptions } from './createMockBus'
export type { EventPublisher } from './EventPublisher'
export { testSaga, type TestSagaOptions } from './testSaga'
export { MarbleMismatchError } from './MarbleMismatchError'
export { eventTypes } from './eventTypes'
export { deadLetterReasons } from './deadLetterReasons'
export { asOperator } from './asOperator'
export { MarbleRecorder, type RecordedFrame } from './MarbleRecorder'
