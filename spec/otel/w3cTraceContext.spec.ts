import { createTraceState, defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api'
import { metadataGetter } from '../../lib/otel/metadataCarrier'
import { parseTraceparent, traceparentOf, w3cTraceContext } from '../../lib/otel/w3cTraceContext'

const traceId = '0af7651916cd43dd8448eb211c80319c'
const spanId = 'b7ad6b7169203331'

describe('w3cTraceContext (the fallback propagator)', () => {
  it('writes traceparent and tracestate, and reads them back as a remote span context', () => {
    const sc = { traceId, spanId, traceFlags: TraceFlags.SAMPLED, traceState: createTraceState('a=1,b=2') }
    const carrier: Record<string, string> = {}
    w3cTraceContext.inject(trace.setSpanContext(ROOT_CONTEXT, sc), carrier, defaultTextMapSetter)
    expect(carrier).toEqual({ traceparent: `00-${traceId}-${spanId}-01`, tracestate: 'a=1,b=2' })
    const read = trace.getSpanContext(w3cTraceContext.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter))
    expect(read).toMatchObject({ traceId, spanId, traceFlags: 1, isRemote: true })
    expect(read?.traceState?.serialize()).toBe('a=1,b=2')
    expect(w3cTraceContext.fields()).toEqual(['traceparent', 'tracestate'])
  })

  it('writes nothing for an invalid or absent span context, and an unsampled one with flags 00', () => {
    const carrier: Record<string, string> = {}
    w3cTraceContext.inject(ROOT_CONTEXT, carrier, defaultTextMapSetter)
    w3cTraceContext.inject(trace.setSpanContext(ROOT_CONTEXT, { traceId: '0'.repeat(32), spanId, traceFlags: 1 }), carrier, defaultTextMapSetter)
    expect(carrier).toEqual({})
    expect(traceparentOf({ traceId, spanId, traceFlags: TraceFlags.NONE })).toBe(`00-${traceId}-${spanId}-00`)
  })

  it.each([
    ['not a traceparent', 'hello'],
    ['version ff', `ff-${traceId}-${spanId}-01`],
    ['version 00 with more fields', `00-${traceId}-${spanId}-01-extra`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${spanId}-01`],
    ['an all-zero span id', `00-${traceId}-${'0'.repeat(16)}-01`],
    ['upper-case hex', `00-${traceId.toUpperCase()}-${spanId}-01`],
  ])('ignores a malformed traceparent: %s', (_what, header) => {
    expect(parseTraceparent(header)).toBeNull()
    expect(w3cTraceContext.extract(ROOT_CONTEXT, { traceparent: header }, defaultTextMapGetter)).toBe(ROOT_CONTEXT)
  })

  it('reads a later version with more fields, and the first of repeated headers', () => {
    expect(parseTraceparent(`01-${traceId}-${spanId}-03-more`)).toEqual({ traceId, spanId, traceFlags: 1, isRemote: true })
    const getter = { keys: () => ['traceparent'], get: (_c: unknown, key: string) => (key === 'traceparent' ? [`00-${traceId}-${spanId}-00`, 'x'] : undefined) }
    expect(trace.getSpanContext(w3cTraceContext.extract(ROOT_CONTEXT, {}, getter))?.spanId).toBe(spanId)
  })

  it('reads only string metadata values', () => {
    const metadata = { traceparent: `00-${traceId}-${spanId}-01`, other: 3 }
    expect(metadataGetter.keys(metadata)).toEqual(['traceparent', 'other'])
    expect(metadataGetter.get(metadata, 'other')).toBeUndefined()
    expect(metadataGetter.get(metadata, 'traceparent')).toBe(metadata.traceparent)
  })
})
