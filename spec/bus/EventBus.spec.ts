import { of, throwError } from 'rxjs'
import {
  BusNotStartedError,
  DocumentEvent,
  DocumentEventTypes,
  ErrorEvent,
  Event,
  EventBus,
  EventPriority,
  EventValidationError,
  ValidationEvent,
  silentLogger,
} from '../../lib'
import { deferred, ev, instanceOf, settle, started, startedBus } from '../helpers/fixtures'

describe('EventBus lifecycle', () => {
  it('rejects publish before start with BusNotStartedError, and start is idempotent', async () => {
    const bus = new EventBus({ logger: silentLogger })
    expect(bus.isRunning).toBe(false)
    await expect(bus.publish(ev('a.b'))).rejects.toBeInstanceOf(BusNotStartedError)
    await bus.start()
    await bus.start()
    expect(bus.isRunning).toBe(true)
    await expect(bus.publish(ev('a.b'))).resolves.toBeUndefined()
    await bus.stop()
  })

  it('rejects publish after stop and can be started again', async () => {
    const bus = await startedBus()
    const seen: string[] = []
    bus.subscribe('a.b', (e) => {
      seen.push(e.id)
    })
    await bus.stop()
    const error = await bus.publish(ev('a.b')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BusNotStartedError)
    expect((error as Error).message).toMatch(/start/)
    await bus.start()
    const e = ev('a.b')
    await bus.publish(e)
    expect(seen).toEqual([e.id])
    await bus.stop()
  })

  it('validates its options', () => {
    expect(() => new EventBus({ maxQueueSize: 0 })).toThrow(EventValidationError)
    expect(() => new EventBus({ overflow: 'explode' as never })).toThrow(/overflow/)
    expect(() => new EventBus({ logger: {} as never })).toThrow(/logger/)
    try {
      new EventBus({ maxQueueSize: -1, defaultTimeoutMs: -5 })
      fail('expected a throw')
    } catch (error) {
      expect((error as EventValidationError).paths).toEqual(['maxQueueSize', 'defaultTimeoutMs'])
    }
  })
})

describe('EventBus.publish and subscribe', () => {
  it('delivers the seed events to their subscribers, with typed fields', async () => {
    const bus = await startedBus()
    const docs: string[] = []
    const validations: string[] = []
    const errors: string[] = []
    bus.subscribe(DocumentEventTypes.PROCESSING_STARTED, (e) => {
      docs.push(instanceOf(DocumentEvent, e).documentId)
    })
    bus.subscribe(DocumentEventTypes.VALIDATION_COMPLETED, (e) => {
      validations.push(instanceOf(ValidationEvent, e).validationStatus)
    })
    bus.subscribe(DocumentEventTypes.ERROR_OCCURRED, (e) => {
      errors.push(instanceOf(ErrorEvent, e).errorType)
    })
    const plain: Event[] = []
    bus.subscribe('test_event', (e) => {
      plain.push(e)
    })
    await bus.publish(started('doc-1'))
    await bus.publish(
      new ValidationEvent({ eventType: DocumentEventTypes.VALIDATION_COMPLETED, documentId: 'doc-1', validationType: 'schema', validationStatus: 'passed' }),
    )
    await bus.publish(new ErrorEvent({ eventType: DocumentEventTypes.ERROR_OCCURRED, documentId: 'doc-1', errorType: 'OcrFailed', errorMessage: 'unreadable' }))
    await bus.publish(
      new Event({ eventType: 'test_event', payload: { key: 'value' }, priority: EventPriority.NORMAL, correlationId: 'corr123', metadata: { version: '1.0' } }),
    )
    await bus.drain()
    expect(docs).toEqual(['doc-1'])
    expect(validations).toEqual(['passed'])
    expect(errors).toEqual(['OcrFailed'])
    expect(plain.map((e) => [e.payload['key'], e.correlationId, e.metadata['version']])).toEqual([['value', 'corr123', '1.0']])
    await bus.stop()
  })

  it('subscribes to an array of types and to patterns', async () => {
    const bus = await startedBus()
    const got: string[] = []
    bus.subscribe(['a.x', 'b.x'], (e) => {
      got.push(`arr:${e.eventType}`)
    })
    bus.subscribe('document.*.started', (e) => {
      got.push(`star:${e.eventType}`)
    })
    bus.subscribe('document.>', (e) => {
      got.push(`tail:${e.eventType}`)
    })
    for (const t of ['a.x', 'b.x', 'c.x', 'document.ocr.started', 'document.ocr.completed', 'document']) await bus.publish(ev(t))
    expect(got).toEqual(['arr:a.x', 'arr:b.x', 'star:document.ocr.started', 'tail:document.ocr.started', 'tail:document.ocr.completed'])
    await bus.stop()
  })

  it('decodes a plain object into an event, and rejects what is not an event, naming the argument', async () => {
    const bus = await startedBus()
    const got: Event[] = []
    bus.subscribe(DocumentEventTypes.PROCESSING_STARTED, (e) => {
      got.push(e)
    })
    await bus.publish({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId: 'd9' } as unknown as Event)
    expect(got[0]).toBeInstanceOf(DocumentEvent)
    for (const bad of [null, 'x', 42, undefined]) {
      const error = await bus.publish(bad as unknown as Event).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EventValidationError)
      expect((error as EventValidationError).message).toMatch(/publish\(event\)/)
    }
    const empty = await bus.publish({} as unknown as Event).catch((e: unknown) => e)
    expect(empty).toBeInstanceOf(EventValidationError)
    expect((empty as EventValidationError).paths).toContain('eventType')
    const badOption = await bus.publish(ev('a.b'), { waitFor: 'soon' as never }).catch((e: unknown) => e)
    expect((badOption as EventValidationError).paths).toEqual(['options.waitFor'])
    // nothing accepted before was lost
    expect(bus.getMetrics().events[DocumentEventTypes.PROCESSING_STARTED].count).toBe(1)
    await bus.stop()
  })

  it('rejects bad subscriptions with a typed error naming each argument', async () => {
    const bus = await startedBus()
    const error = (() => {
      try {
        bus.subscribe('bad type' as never, 'not a function' as never, { concurrency: 0 })
      } catch (e) {
        return e as EventValidationError
      }
      throw new Error('expected a throw')
    })()
    expect(error).toBeInstanceOf(EventValidationError)
    expect(error.paths).toEqual(['typeOrPattern', 'handler', 'options.concurrency'])
    expect(() => bus.subscribe('a.b', () => undefined, { retry: { count: -1 } })).toThrow(/retry\.count/)
    expect(() => bus.subscribe('a.*x', () => undefined)).toThrow(EventValidationError)
    expect(() => bus.subscribe([] as never, () => undefined)).toThrow(/typeOrPattern/)
    await bus.stop()
  })

  it('resolves waitFor handled with each handler outcome (sync, async, Observable)', async () => {
    const bus = await startedBus()
    bus.subscribe('a.b', function syncOk() {}, {})
    bus.subscribe('a.b', async function asyncOk() {
      await Promise.resolve()
    })
    bus.subscribe('a.b', function obsOk() {
      return of(1, 2)
    })
    bus.subscribe('a.b', function obsFails() {
      return throwError(() => new Error('nope'))
    })
    const result = await bus.publish(ev('a.b'), { waitFor: 'handled' })
    expect(result.status).toBe('handled')
    expect(result.ok).toBe(false)
    expect(result.outcomes.map((o) => [o.handler, o.status, o.attempts]).sort()).toEqual([
      ['asyncOk', 'fulfilled', 1],
      ['obsFails', 'rejected', 1],
      ['obsOk', 'fulfilled', 1],
      ['syncOk', 'fulfilled', 1],
    ])
    // No handler for a publish that waits for its handlers: not ok (a misspelt type is the usual cause).
    const unrouted = await bus.publish(ev('nobody.listens'), { waitFor: 'handled' })
    expect(unrouted).toMatchObject({ status: 'unrouted', outcomes: [], ok: false })
    await bus.stop()
  })

  it('stops delivering after unsubscribe, and cancels waiting deliveries', async () => {
    const bus = await startedBus()
    const gate = deferred()
    const seen: number[] = []
    const sub = bus.subscribe('a.b', async (e) => {
      seen.push(e.payload['n'] as number)
      await gate.promise
    })
    const results = [0, 1, 2].map((n) => bus.publish(ev('a.b', { n }), { waitFor: 'handled' }))
    await settle()
    sub.unsubscribe()
    gate.resolve()
    const outcomes = await Promise.all(results)
    expect(seen).toEqual([0])
    expect(outcomes.map((r) => r.outcomes[0].status)).toEqual(['fulfilled', 'cancelled', 'cancelled'])
    await bus.publish(ev('a.b', { n: 3 }))
    expect(seen).toEqual([0])
    expect(bus.getMetrics().queueSize).toBe(0)
    await bus.stop()
  })

  it('unsubscribe(eventType, handler) removes that handler only', async () => {
    const bus = await startedBus()
    const a: string[] = []
    const b: string[] = []
    const ha = (e: Event): void => {
      a.push(e.id)
    }
    bus.subscribe('x.y', ha)
    bus.subscribe('x.y', (e) => {
      b.push(e.id)
    })
    expect(bus.unsubscribe('x.y', ha)).toBe(1)
    expect(bus.unsubscribe('x.y', ha)).toBe(0)
    await bus.publish(ev('x.y'))
    expect(a).toEqual([])
    expect(b).toHaveLength(1)
    await bus.stop()
  })

  it('emit builds the event, never throws, and reports a rejection on errors$ instead of leaking it', async () => {
    const bus = await startedBus()
    const got: unknown[] = []
    const errors: string[] = []
    bus.errors$.subscribe((e) => errors.push(e.name))
    bus.subscribe('user.created', (e) => {
      got.push(e.payload)
    })
    bus.emit('user.created', { name: 'ada' }, { correlationId: 'c1' })
    expect(got).toEqual([{ name: 'ada' }])
    expect(() => {
      bus.emit('bad type', {})
    }).not.toThrow()
    expect(errors).toEqual(['EventValidationError'])
    await bus.stop()
    bus.emit('user.created', {})
    await settle()
    expect(got).toHaveLength(1)
  })

  it('once resolves with the next matching event, and times out on the bus scheduler', async () => {
    const bus = await startedBus()
    const next = bus.once('a.*', { filter: (e) => e.payload['n'] === 2 })
    await bus.publish(ev('a.b', { n: 1 }))
    await bus.publish(ev('a.c', { n: 2 }))
    await expect(next).resolves.toMatchObject({ eventType: 'a.c' })
    await expect(bus.once('never.comes', { timeoutMs: 5 })).rejects.toThrow(/Timeout/)
    await bus.stop()
  })

  it('reports health for readiness checks', async () => {
    const bus = new EventBus({ logger: silentLogger, maxQueueSize: 10 })
    expect(bus.health()).toMatchObject({ running: false, healthy: false })
    await bus.start()
    const gate = deferred()
    bus.subscribe('a.b', () => gate.promise)
    for (let i = 0; i < 10; i++) void bus.publish(ev('a.b'))
    expect(bus.health()).toMatchObject({ running: true, queueFill: 0.9, healthy: false })
    gate.resolve()
    await bus.drain()
    expect(bus.health()).toMatchObject({ running: true, queueFill: 0, healthy: true, errorRate: 0 })
    await bus.stop()
  })
})
