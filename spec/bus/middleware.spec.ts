import * as t from 'io-ts'
import { filter, map } from 'rxjs'
import {
  BaseMiddleware,
  DocumentEvent,
  DocumentEventTypes,
  ErrorEvent,
  type Event,
  EventValidationError,
  FilterMiddleware,
  LoggingMiddleware,
  MetricsMiddleware,
  ValidationMiddleware,
  silentLogger,
  type DeadLetter,
} from '../../lib'
import { deferred, ev, started, startedBus } from '../helpers/fixtures'

class Tag extends BaseMiddleware {
  constructor(
    private readonly tag: string,
    priority?: number,
  ) {
    super(priority === undefined ? {} : { priority })
  }
  process(e: Event): Event {
    const tags = (e.metadata['tags'] as string[] | undefined) ?? []
    return e.with({ metadata: { ...e.metadata, tags: [...tags, this.tag] } })
  }
}

describe('EventBus middleware', () => {
  it('runs middleware by priority, then insertion; plain operators have priority 0', async () => {
    const bus = await startedBus()
    const seen: unknown[] = []
    bus.subscribe('a.b', (e) => {
      seen.push(e.metadata['tags'])
    })
    bus.addMiddleware(new Tag('late', 10))
    bus.addMiddleware(new Tag('zero-1'))
    bus.addMiddleware(map((e: Event) => e.with({ metadata: { ...e.metadata, tags: [...((e.metadata['tags'] as string[] | undefined) ?? []), 'operator'] } })))
    bus.addMiddleware(new Tag('early', -5))
    await bus.publish(ev('a.b'))
    expect(seen).toEqual([['early', 'zero-1', 'operator', 'late']])
    await bus.stop()
  })

  it('counts events a middleware drops on purpose as filtered, not as handled', async () => {
    const bus = await startedBus()
    const handled: string[] = []
    bus.subscribe('>', (e) => {
      handled.push(e.eventType)
    })
    bus.addMiddleware(filter((e: Event) => e.eventType !== 'noise.x'))
    bus.addMiddleware(new FilterMiddleware({ predicate: (e) => e.payload['drop'] !== true }))
    await bus.publish(ev('noise.x'))
    await bus.publish(ev('a.b', { drop: true }))
    const result = await bus.publish(ev('noise.x'), { waitFor: 'handled' })
    await bus.publish(ev('a.b'))
    expect(result.status).toBe('filtered')
    expect(handled).toEqual(['a.b'])
    expect(bus.getMetrics().total).toMatchObject({ totalEvents: 1, filteredEvents: 3 })
    await bus.stop()
  })

  it('isolates a throwing middleware: that event goes to dead letters, the pipeline keeps going', async () => {
    const bus = await startedBus()
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const handled: number[] = []
    bus.subscribe('a.b', (e) => {
      handled.push(e.payload['n'] as number)
    })
    class Explodes extends BaseMiddleware {
      process(e: Event): Event {
        if (e.payload['n'] === 1) throw new Error('middleware boom')
        return e
      }
    }
    bus.addMiddleware(new Explodes())
    bus.addMiddleware(
      map((e: Event) => {
        if (e.payload['n'] === 3) throw new Error('operator boom')
        return e
      }),
    )
    for (let n = 0; n < 5; n++) await bus.publish(ev('a.b', { n }))
    expect(handled).toEqual([0, 2, 4])
    expect(letters.map((d) => [d.reason, d.event.payload['n'], (d.error as Error).message])).toEqual([
      ['middleware-error', 1, 'middleware boom'],
      ['middleware-error', 3, 'operator boom'],
    ])
    expect(bus.getMetrics().total).toMatchObject({ totalEvents: 3, totalErrors: 2, deadLetters: 2 })
    await bus.stop()
  })

  it('tracks an asynchronous BaseMiddleware exactly: drain waits for it, a rejection dead-letters', async () => {
    const bus = await startedBus()
    const gate = deferred()
    const handled: number[] = []
    const letters: string[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d.reason))
    bus.subscribe('a.b', (e) => {
      handled.push(e.payload['n'] as number)
    })
    class Lookup extends BaseMiddleware {
      async process(e: Event): Promise<Event | null> {
        await gate.promise
        if (e.payload['n'] === 1) throw new Error('lookup failed')
        return e.payload['n'] === 2 ? null : e
      }
    }
    bus.addMiddleware(new Lookup())
    for (let n = 0; n < 4; n++) await bus.publish(ev('a.b', { n }))
    let drained = false
    const draining = bus.drain().then(() => (drained = true))
    await Promise.resolve()
    expect(drained).toBe(false)
    gate.resolve()
    await draining
    expect(handled).toEqual([0, 3])
    expect(letters).toEqual(['middleware-error'])
    expect(bus.getMetrics().total).toMatchObject({ totalEvents: 2, filteredEvents: 1, totalErrors: 1 })
    await bus.stop()
  })

  it('sends events that fail ValidationMiddleware to dead letters as invalid, naming the payload path', async () => {
    const bus = await startedBus()
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    bus.addMiddleware(new ValidationMiddleware({ schemas: { 'user.created': t.type({ name: t.string }) } }))
    const handled: unknown[] = []
    bus.subscribe('user.created', (e) => {
      handled.push(e.payload)
    })
    await bus.publish(ev('user.created', { name: 'ada' }))
    await bus.publish(ev('user.created', { name: 42 }))
    expect(handled).toEqual([{ name: 'ada' }])
    expect(letters).toHaveLength(1)
    expect(letters[0].reason).toBe('invalid')
    expect(letters[0].error).toBeInstanceOf(EventValidationError)
    expect((letters[0].error as EventValidationError).paths).toEqual(['payload.name'])
    await bus.stop()
  })

  it('works with DocumentEventTypes values in every middleware (the original dropped them in MetricsMiddleware)', async () => {
    const bus = await startedBus()
    const metrics = new MetricsMiddleware()
    const logger = { ...silentLogger, info: jest.fn() }
    bus.addMiddleware(new ValidationMiddleware())
    bus.addMiddleware(new LoggingMiddleware({ logLevel: 'info', logger }))
    bus.addMiddleware(metrics)
    bus.addMiddleware(new FilterMiddleware({ eventTypes: Object.values(DocumentEventTypes) }))
    const handled: string[] = []
    bus.subscribe('document.>', (e) => {
      handled.push(e.eventType)
    })
    await bus.publish(started('d1'))
    await bus.publish(new ErrorEvent({ eventType: DocumentEventTypes.ERROR_OCCURRED, documentId: 'd1', errorType: 'OcrFailed', errorMessage: 'x' }))
    await bus.publish(new DocumentEvent({ eventType: DocumentEventTypes.OCR_COMPLETED, documentId: 'd1' }))
    expect(handled).toEqual([DocumentEventTypes.PROCESSING_STARTED, DocumentEventTypes.ERROR_OCCURRED, DocumentEventTypes.OCR_COMPLETED])
    expect(metrics.getMetrics()).toEqual({
      eventCounts: { [DocumentEventTypes.PROCESSING_STARTED]: 1, [DocumentEventTypes.ERROR_OCCURRED]: 1, [DocumentEventTypes.OCR_COMPLETED]: 1 },
      errorCounts: { OcrFailed: 1 },
      totalEvents: 3,
      totalErrors: 1,
    })
    expect(logger.info).toHaveBeenCalledTimes(3)
    await bus.stop()
  })

  it('rejects what is neither a BaseMiddleware nor an operator, and removes middleware', async () => {
    const bus = await startedBus()
    expect(() => bus.addMiddleware({ process: () => null } as never)).toThrow(EventValidationError)
    expect(() => bus.addMiddleware(42 as never)).toThrow(/addMiddleware\(middleware\)/)
    const drop = new FilterMiddleware({ eventTypes: [] })
    bus.addMiddleware(drop)
    const handled: string[] = []
    bus.subscribe('a.b', (e) => {
      handled.push(e.id)
    })
    await bus.publish(ev('a.b'))
    expect(handled).toHaveLength(0)
    expect(bus.removeMiddleware(drop)).toBe(true)
    expect(bus.removeMiddleware(drop)).toBe(false)
    await bus.publish(ev('a.b'))
    expect(handled).toHaveLength(1)
    await bus.stop()
  })
})

describe('EventBus middleware edge cases', () => {
  it('rejects a seed-style async function (not an operator) with a typed error that points to BaseMiddleware', async () => {
    const bus = await startedBus()
    const asyncFn = async (e: Event): Promise<Event> => e
    expect(() => bus.addMiddleware(asyncFn as never)).toThrow(/BaseMiddleware/)
    expect(() => bus.addMiddleware(asyncFn as never)).toThrow(EventValidationError)
    await bus.stop()
  })

  it('treats undefined from process() as a drop, never a synchronous throw', async () => {
    const bus = await startedBus()
    class ReturnsNothing extends BaseMiddleware {
      process(): Event | null {
        return undefined as unknown as null
      }
    }
    bus.addMiddleware(new ReturnsNothing())
    await expect(bus.publish(ev('a.b'))).resolves.toBeUndefined()
    await bus.drain()
    expect(bus.getMetrics().total.filteredEvents).toBe(1)
    await bus.stop()
  })
})
