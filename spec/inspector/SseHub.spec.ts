import type { ServerResponse } from 'node:http'
import { EventBus } from '../../lib'
import { SseHub } from '../../lib/inspector/SseHub'

/** A stand-in response that records what it is sent. */
const fakeResponse = (writableLength = 0) => {
  const written: string[] = []
  const response = {
    writableLength,
    status: 0,
    writeHead(status: number) {
      response.status = status
      return response
    },
    write: (chunk: string) => written.push(chunk) > 0,
    end: jest.fn((chunk?: string) => {
      if (chunk !== undefined) written.push(chunk)
    }),
    destroy: jest.fn(),
    on: jest.fn(),
  }
  return { response, written, asServerResponse: response as unknown as ServerResponse }
}

describe('SseHub', () => {
  const metrics = { kind: 'metrics' as const, data: { snapshot: new EventBus().getMetrics(), skippedEvents: 0 } }

  it('disconnects a page whose unsent output passed 1 MiB, and keeps sending to the others', () => {
    const hub = new SseHub()
    const slow = fakeResponse(2 << 20)
    const fast = fakeResponse()
    hub.attach(slow.asServerResponse)
    hub.attach(fast.asServerResponse)
    hub.publish(metrics)
    expect(slow.response.destroy).toHaveBeenCalledTimes(1)
    expect(hub.size).toBe(1)
    expect(fast.written.at(-1)).toMatch(/^event: metrics\n/)
  })

  it('answers 503 once closed, and ends every open stream', () => {
    const hub = new SseHub()
    const open = fakeResponse()
    hub.attach(open.asServerResponse)
    hub.close()
    expect(open.response.end).toHaveBeenCalledTimes(1)
    const late = fakeResponse()
    hub.attach(late.asServerResponse)
    expect([late.response.status, late.written]).toEqual([503, ['the inspector is closing\n']])
    expect(hub.size).toBe(0)
  })
})
