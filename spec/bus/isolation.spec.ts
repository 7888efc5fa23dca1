import { defer, throwError } from 'rxjs'
import { DocumentEventTypes, ErrorEvent, HandlerError, type DeadLetter, type EventBusError, type HandlerResult } from '../../lib'
import { ev, instanceOf, settle, started, startedBus } from '../helpers/fixtures'

describe('EventBus error isolation', () => {
  const failures: [string, () => HandlerResult][] = [
    [
      'a sync throw',
      () => {
        throw new Error('sync boom')
      },
    ],
    ['an async rejection', () => Promise.reject(new Error('async boom'))],
    ['an Observable error', () => throwError(() => new Error('observable boom'))],
    ['a deferred Observable error', () => defer(() => Promise.reject(new Error('deferred boom')))],
  ]

  it.each(failures)('isolates %s: counted, dead-lettered, reported; the bus and other handlers keep running', async (_label, failing) => {
    const bus = await startedBus()
    const letters: DeadLetter[] = []
    const errors: EventBusError[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    bus.errors$.subscribe((e) => errors.push(e))
    const healthy: number[] = []
    bus.subscribe('work.item', failing, { name: 'failing' })
    bus.subscribe(
      'work.item',
      (e) => {
        healthy.push(e.payload['n'] as number)
      },
      { name: 'healthy' },
    )
    for (let n = 0; n < 3; n++) await bus.publish(ev('work.item', { n }))
    await bus.drain()
    await settle()
    expect(healthy).toEqual([0, 1, 2])
    expect(letters.map((d) => [d.reason, d.handler, d.attempts])).toEqual([
      ['handler-error', 'failing', 1],
      ['handler-error', 'failing', 1],
      ['handler-error', 'failing', 1],
    ])
    expect(errors).toHaveLength(3)
    expect(errors[0]).toBeInstanceOf(HandlerError)
    expect(errors[0].message).toMatch(/handler 'failing' failed on 'work.item'/)
    const m = bus.getMetrics()
    expect(m.handlers['failing']).toMatchObject({ errorCount: 3, successCount: 0 })
    expect(m.handlers['healthy']).toMatchObject({ errorCount: 0, successCount: 3 })
    // The original counted only publish-path failures: a handler's failure counts here.
    expect(m.events['work.item']).toMatchObject({ count: 3, errorCount: 3 })
    expect(m.total).toMatchObject({ totalEvents: 3, totalErrors: 3, errorRate: 1, deadLetters: 3 })
    // still delivering afterwards
    await bus.publish(ev('work.item', { n: 9 }))
    expect(healthy).toEqual([0, 1, 2, 9])
    await bus.stop()
  })

  it('gives two anonymous handlers two metric entries (the original merged every lambda)', async () => {
    const bus = await startedBus()
    bus.subscribe('a.b', () => undefined)
    bus.subscribe('a.b', () => {
      throw new Error('x')
    })
    await bus.publish(ev('a.b'))
    const handlers = bus.getMetrics().handlers
    expect(Object.keys(handlers).sort()).toEqual(['anonymous#1', 'anonymous#2'])
    expect(handlers['anonymous#1'].successCount).toBe(1)
    expect(handlers['anonymous#2'].errorCount).toBe(1)
    await bus.stop()
  })

  it('keeps distinct names for distinct functions that share a name, and one entry for one function', async () => {
    const bus = await startedBus()
    const makeHandler = (): ((..._: unknown[]) => void) =>
      function handle() {
        return undefined
      }
    const h = makeHandler()
    bus.subscribe('a.b', h)
    bus.subscribe('a.c', h)
    bus.subscribe('a.b', makeHandler())
    await bus.publish(ev('a.b'))
    await bus.publish(ev('a.c'))
    const handlers = bus.getMetrics().handlers
    expect(handlers['handle'].successCount).toBe(2)
    expect(handlers['handle#2'].successCount).toBe(1)
    await bus.stop()
  })

  it('publishes an ErrorEvent for a failed handler when errorEvents is on, without looping', async () => {
    const bus = await startedBus({ errorEvents: true })
    const errorEvents: ErrorEvent[] = []
    bus.subscribe(DocumentEventTypes.ERROR_OCCURRED, (e) => {
      errorEvents.push(instanceOf(ErrorEvent, e))
      throw new Error('the error handler fails too')
    })
    bus.subscribe(
      DocumentEventTypes.PROCESSING_STARTED,
      () => {
        throw new TypeError('bad page')
      },
      { name: 'ocr' },
    )
    const cause = started('doc-7')
    await bus.publish(cause)
    await bus.drain()
    expect(errorEvents).toHaveLength(1)
    expect(errorEvents[0]).toBeInstanceOf(ErrorEvent)
    expect(errorEvents[0]).toMatchObject({ documentId: 'doc-7', errorType: 'TypeError', metadata: { causationId: cause.id, handler: 'ocr' } })
    await bus.stop()
  })

  it('survives a handler that publishes recursively without blowing the stack', async () => {
    const bus = await startedBus()
    let calls = 0
    bus.subscribe('loop.step', async (e, ctx) => {
      calls++
      const n = e.payload['n'] as number
      if (n < 2000) await ctx.publish(ev('loop.step', { n: n + 1 }))
    })
    await bus.publish(ev('loop.step', { n: 0 }))
    await bus.drain()
    expect(calls).toBe(2001)
    await bus.stop()
  })
})

describe('handler names', () => {
  it('names many distinct functions that share a name, each with its own entry', async () => {
    const bus = await startedBus()
    const make = (): (() => void) =>
      function worker() {
        return undefined
      }
    for (let i = 0; i < 5000; i++) bus.subscribe('a.b', make())
    await bus.publish(ev('a.b'))
    const names = Object.keys(bus.getMetrics().handlers)
    expect(names).toHaveLength(5000)
    expect(names).toContain('worker')
    expect(names).toContain('worker#5000')
    await bus.stop()
  })
})
