import { EventBusError } from './EventBusError'

/**
 * `drain({ timeoutMs })` ran out of time: says what was still going on, so a hung handler is
 * visible instead of a `drain()` that never resolves.
 *
 * @category errors
 * @since 0.2.0
 */
export class DrainTimeoutError extends EventBusError {
  /** Always `'DrainTimeoutError'`, so errors can be told apart after serialization. */
  override readonly name = 'DrainTimeoutError'

  /**
   * @param timeoutMs The limit that ran out.
   * @param waiting Events still waiting in subscription queues.
   * @param inFlight Handler calls still running.
   * @param oldestCallMs How long the oldest running call has run, ms (0 when none runs).
   */
  constructor(
    readonly timeoutMs: number,
    readonly waiting: number,
    readonly inFlight: number,
    readonly oldestCallMs: number,
  ) {
    super(
      `drain() timed out after ${timeoutMs} ms: ${waiting} event(s) waiting, ${inFlight} handler call(s) running` +
        (inFlight > 0 ? `, the oldest for ${Math.round(oldestCallMs)} ms (give handlers a 'timeoutMs', or see health().oldestCallMs)` : ''),
    )
  }
}
