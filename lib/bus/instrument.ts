import type { BusTracer } from '../dispatch/tracing'
import type { BusParts } from './assemble'

/**
 * @internal Installs a tracer's hooks on a bus (admission's producer spans, every dispatch's
 * consumer spans), or removes them with `null`.
 *
 * @returns The tracer it replaced, and the bus's transport name (`'nats'`; null in process).
 */
export function instrument(
  parts: Pick<BusParts, 'admission' | 'dispatchHost' | 'config'>,
  tracer: BusTracer | null,
): { readonly previous: BusTracer | null; readonly transport: string | null } {
  const previous = parts.admission.tracer
  parts.admission.tracer = tracer
  parts.dispatchHost.tracer = tracer
  return { previous, transport: parts.config.transport?.name ?? null }
}
