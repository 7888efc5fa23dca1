import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api'

// An event's `metadata` as the carrier of the trace context (`traceparent`, `tracestate`): it
// travels with the event in process, through `context.publish`, and in a NATS message's body.

/** @internal Event metadata as a `TextMapPropagator` carrier (string values only). */
export type Metadata = Readonly<Record<string, unknown>>

/** @internal Reads a carrier field from event metadata (only string values count). */
export const metadataGetter: TextMapGetter<Metadata> = Object.freeze({
  keys: (carrier: Metadata): string[] => Object.keys(carrier),
  get(carrier: Metadata, key: string): string | undefined {
    const value = carrier[key]
    return typeof value === 'string' ? value : undefined
  },
})

/** @internal Writes a carrier field into a (new, not yet frozen) metadata object. */
export const metadataSetter: TextMapSetter<Record<string, string>> = Object.freeze({
  set(carrier: Record<string, string>, key: string, value: string): void {
    carrier[key] = value
  },
})
