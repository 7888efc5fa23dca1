import { EventBusError } from './EventBusError'

/**
 * Raised by `publish` (and reported by `emit`) when the bus is not running: before `start()`
 * or after `stop()`.
 *
 * @category errors
 * @since 0.1.0
 */
export class BusNotStartedError extends EventBusError {
  /** Always `'BusNotStartedError'`, so errors can be told apart after serialization. */
  override readonly name = 'BusNotStartedError'

  /** @param operation The call that needed a running bus, for example `'publish'`. */
  constructor(readonly operation: string) {
    super(`${operation}: the event bus is not running; call 'await bus.start()' first (and do not use a bus after 'stop()' until it is started again)`)
  }
}
