// The core never loads @opentelemetry/api: with the package absent (every require of it throws,
// as when an optional peer is not installed) a bus starts, publishes, handles and fails as usual.
jest.mock('@opentelemetry/api', () => {
  throw new Error("Cannot find module '@opentelemetry/api'")
})

import { EventBus, silentLogger } from '../../lib'
import { ev } from '../helpers/fixtures'

describe('without @opentelemetry/api', () => {
  it('the core runs and records nothing', async () => {
    // only the ./otel entry needs it, and says which package is missing
    expect(() => jest.requireActual<object>('../../lib/otel')).toThrow(/Cannot find module '@opentelemetry\/api'/)
    const bus = new EventBus({ logger: silentLogger })
    await bus.start()
    const seen: Record<string, unknown>[] = []
    const letters: string[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d.reason))
    bus.subscribe('a', (e, ctx) => {
      seen.push({ ...e.metadata })
      return ctx.publish(ev('b'))
    })
    bus.subscribe('b', () => {
      throw new Error('fails as usual')
    })
    const result = await bus.publish(ev('a'), { waitFor: 'handled' })
    await bus.drain()
    expect(result.ok).toBe(true)
    expect(seen).toEqual([{}]) // no trace context added
    expect(letters).toEqual(['handler-error'])
    await bus.stop()
  })
})
