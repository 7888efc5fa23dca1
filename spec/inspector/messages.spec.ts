import { Event, EventPriority } from '../../lib'
import { MAX_ERROR_CHARS, MAX_PAYLOAD_CHARS, sseFrame, summarizeDeadLetter, summarizeEvent } from '../../lib/inspector/messages'

describe('inspector messages', () => {
  const event = new Event({ eventType: 'doc.saved', id: 'id-1', payload: { secret: 'S' }, timestamp: 5, priority: EventPriority.IMMEDIATE, correlationId: 'c' })

  it('summarizes an event without its payload unless asked', () => {
    expect(summarizeEvent(event, false)).toEqual({ type: 'doc.saved', id: 'id-1', correlationId: 'c', timestamp: 5, priority: 'immediate' })
    expect(summarizeEvent(event, true)).toMatchObject({ payload: '{"secret":"S"}' })
    expect(summarizeEvent(new Event({ eventType: 'doc.saved' }), false).correlationId).toBeNull()
  })

  it('cuts a long payload and names one JSON cannot hold', () => {
    const long = summarizeEvent(new Event({ eventType: 'doc.saved', payload: { text: 'x'.repeat(5_000) } }), true).payload ?? ''
    expect([long.length, long.endsWith('…')]).toEqual([MAX_PAYLOAD_CHARS, true])
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    const odd = { eventType: 'doc.saved', id: 'x', timestamp: 1, priority: 'normal', payload: cyclic } as unknown as Event
    expect(summarizeEvent(odd, true).payload).toBe('[payload not serializable to JSON]')
    expect(summarizeEvent({ eventType: 'doc.saved', id: 'x', timestamp: 1, priority: 'normal', payload: undefined } as unknown as Event, true).payload).toBe(
      'undefined',
    )
  })

  it('summarizes a dead letter: reason, handler, attempts, the error name and message', () => {
    const letter = { event, reason: 'retries-exhausted' as const, handler: 'h', attempts: 3, error: new RangeError('too far') }
    expect(summarizeDeadLetter(letter, false)).toEqual({
      reason: 'retries-exhausted',
      event: summarizeEvent(event, false),
      handler: 'h',
      attempts: 3,
      error: { name: 'RangeError', message: 'too far' },
    })
    expect(summarizeDeadLetter({ event, reason: 'overflow', attempts: 0 }, false)).toMatchObject({ handler: null, error: null })
    expect(summarizeDeadLetter({ event, reason: 'invalid', attempts: 0, error: { code: 1 } }, false).error).toEqual({ name: 'Error', message: '' })
    expect(summarizeDeadLetter({ event, reason: 'invalid', attempts: 0, error: 42 }, false).error).toEqual({ name: 'number', message: '42' })
    const long = summarizeDeadLetter({ event, reason: 'invalid', attempts: 0, error: new Error('m'.repeat(900)) }, false).error?.message ?? ''
    expect(long).toHaveLength(MAX_ERROR_CHARS)
  })

  it('frames a message as one Server-Sent Event on one data line', () => {
    const frame = sseFrame({ kind: 'event', data: summarizeEvent(new Event({ eventType: 'doc.saved', id: 'a\nb' }), false) })
    expect(frame.startsWith('event: event\ndata: {')).toBe(true)
    expect(frame.endsWith('}\n\n')).toBe(true)
    expect(frame.split('\n')).toHaveLength(4)
  })
})
