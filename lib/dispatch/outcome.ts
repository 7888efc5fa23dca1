import type { HandlerOutcome } from '../bus/types'

/** @internal One handler's outcome for `publish(e, { waitFor: 'handled' })`. */
export function outcome(handler: string, status: HandlerOutcome['status'], attempts: number, durationMs: number, error: unknown): HandlerOutcome {
  const o: { -readonly [K in keyof HandlerOutcome]: HandlerOutcome[K] } = {
    handler,
    status,
    attempts,
    durationMs: durationMs >= 0 ? durationMs : 0,
  }
  if (error !== undefined) o.error = error
  return o
}

/** @internal The delay before retry `attempt + 1`, ms. */
export function retryDelay(retry: { readonly delayMs?: number; readonly backoff?: 'fixed' | 'exponential' }, attempt: number): number {
  return (retry.delayMs ?? 0) * (retry.backoff === 'exponential' ? 2 ** (attempt - 1) : 1)
}
