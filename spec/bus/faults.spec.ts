import { delay, defer, map, Observable, throwError } from 'rxjs'
import { BaseMiddleware, type DeadLetter, ErrorEvent, type Event, EventBus, EventValidationError, type EventBusError, silentLogger } from '../../lib'
import { ev, instanceOf, startedBus, recordingLogger } from '../helpers/fixtures'
import { testScheduler } from '../helpers/marbles'

/** Issue #13: the failure paths themselves, careless options and asynchronous middleware. */
describe('EventBus faults', () => {
  it('unsubscribe() with 200,000 deliveries waiting cancels every one: the queue empties and drain() resolves', async () => {
    const bus = await startedBus({ maxQueueSize: 1_000_000 })
    let release = (): void => undefined
    const sub = bus.subscribe('q.x', () => new Promise<void>((resolve) => (release = resolve)))
    const n = 200_000
    for (let i = 0; i < n; i++) void bus.publish(ev('q.x'))
    expect(bus.getMetrics().queueSize).toBe(n - 1)
    expect(() => {
      sub.unsubscribe()
    }).not.toThrow()
    expect(bus.getMetrics().queueSize).toBe(0)
    release()
    await bus.drain()
    expect(bus.getMetrics().inFlight).toBe(0)
    await bus.stop()
  }, 30_000)

  it.each([
    [
      'a thrown value whose toString and toJSON throw',
      () => ({
        toString() {
          throw new Error('no toString')
        },
        toJSON() {
          throw new Error('no toJSON')
        },
      }),
    ],
    [
      'a Proxy whose every trap throws',
      () =>
        new Proxy(
          {},
          {
            get() {
              throw new Error('trap')
            },
            getPrototypeOf() {
              throw new Error('trap')
            },
            ownKeys() {
              throw new Error('trap')
            },
          },
        ),
    ],
    [
      'an Error whose name is empty (with errorEvents)',
      () => {
        const e = new Error('unnamed')
        e.name = ''
        return e
      },
    ],
  ])('a handler failing with %s is a dead letter; the next subscription still gets the event', async (_label, thrown) => {
    const bus = await startedBus({ errorEvents: true })
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const errorEvents: Event[] = []
    bus.subscribe('document.error.occurred', (e) => {
      errorEvents.push(e)
    })
    const later: string[] = []
    bus.subscribe('f.x', () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the point: hostile thrown values
      throw thrown()
    })
    bus.subscribe('f.x', (e) => {
      later.push(e.id)
    })
    const event = ev('f.x')
    const result = await bus.publish(event, { waitFor: 'handled' })
    await bus.drain()
    expect(result.ok).toBe(false)
    expect(later).toEqual([event.id])
    expect(letters.map((d) => [d.reason, d.event.id])).toEqual([['handler-error', event.id]])
    expect(errorEvents).toHaveLength(1)
    expect(instanceOf(ErrorEvent, errorEvents[0]).errorType).toMatch(/^(HandlerError|Error)$/)
    await bus.stop()
  })

  it("a logger whose every method throws changes nothing: the failure is a dead letter, waitFor: 'handled' settles", async () => {
    const throwing = (): never => {
      throw new Error('logger down')
    }
    const bus = await startedBus({ logger: { debug: throwing, info: throwing, warn: throwing, error: throwing } })
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    bus.subscribe('f.x', () => {
      throw new Error('handler bug')
    })
    const result = await bus.publish(ev('f.x'), { waitFor: 'handled' })
    expect(result).toMatchObject({ ok: false, outcomes: [{ status: 'rejected' }] })
    expect(await bus.publish(ev('no.one.here'), { waitFor: 'handled' })).toMatchObject({ status: 'unrouted' })
    expect(letters).toHaveLength(1)
    await bus.drain()
    await bus.stop()
  })

  it('a BaseMiddleware returning a thenable whose then getter throws, or that calls back and then throws, fails that event once', async () => {
    const bus = await startedBus()
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const outs = [
      Object.defineProperty({}, 'then', {
        get() {
          throw new Error('then getter throws')
        },
      }),
      {
        then(resolve: (e: null) => void) {
          resolve(null) // filtered ...
          throw new Error('... and then throws') // ... which must not count twice
        },
      },
    ]
    let call = 0
    class Hostile extends BaseMiddleware {
      process(e: Event): Event | PromiseLike<Event | null> {
        return call < outs.length ? (outs[call++] as PromiseLike<null>) : e
      }
    }
    bus.addMiddleware(new Hostile())
    const handled: string[] = []
    bus.subscribe('m.x', (e) => {
      handled.push(e.id)
    })
    const results = [await bus.publish(ev('m.x'), { waitFor: 'handled' }), await bus.publish(ev('m.x'), { waitFor: 'handled' })]
    const third = ev('m.x')
    await bus.publish(third)
    await bus.drain()
    expect(results.map((r) => r.status)).toEqual(['dead-letter', 'filtered'])
    expect(letters.map((d) => [d.reason, (d.error as Error).message])).toEqual([['middleware-error', 'then getter throws']])
    expect(handled).toEqual([third.id])
    await bus.stop()
  })

  it('follow-ups bypass maxQueueSize (no deadlock) only up to 10 times it: past that they are overflow dead letters, with one warning', async () => {
    const { lines, logger } = recordingLogger()
    const bus = await startedBus({ maxQueueSize: 10, logger })
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    let gate = (): void => undefined
    const blocked = new Promise<void>((resolve) => (gate = resolve))
    bus.subscribe('sink.x', () => blocked)
    bus.subscribe('fan.x', async (_e, context) => {
      for (let i = 0; i < 150; i++) await context.publish(ev('sink.x'))
    })
    await bus.publish(ev('fan.x'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(bus.getMetrics().queueSize).toBe(100) // 10 x maxQueueSize waiting, one running
    expect(letters.filter((d) => d.reason === 'overflow')).toHaveLength(49)
    expect(lines.filter((l) => l.level === 'warn' && l.message.includes('follow-ups faster'))).toHaveLength(1)
    expect(bus.getMetrics().total.droppedEvents).toBe(49)
    gate()
    await bus.drain()
    await bus.stop()
  })

  it('a saga that errors on subscribe is resubscribed with backoff at most retry.count times, each error reported; stop() ends it (virtual time)', async () => {
    const scheduler = testScheduler()
    const bus = new EventBus({ logger: silentLogger, scheduler })
    await bus.start()
    const errors: EventBusError[] = []
    bus.errors$.subscribe((e) => errors.push(e))
    const subscribedAt: number[] = []
    bus.saga(
      () =>
        defer(() => {
          subscribedAt.push(scheduler.now())
          return throwError(() => new Error('saga bug'))
        }),
      { retry: { count: 3, delayMs: 100, backoff: 'exponential' } },
    )
    scheduler.flush()
    expect(subscribedAt).toEqual([0, 100, 300, 700])
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^saga failed; resubscribing: Error: saga bug/),
      expect.stringMatching(/^saga failed; resubscribing/),
      expect.stringMatching(/^saga failed; resubscribing/),
      expect.stringMatching(/^saga failed 4 times in a row; not resubscribed/),
    ])
    // Ended by stop(): nothing is left scheduled
    let resubscribed = 0
    bus.saga(() => defer(() => (resubscribed++, throwError(() => new Error('again')))), { retry: { count: 5, delayMs: 1_000 } })
    const stopping = bus.stop()
    scheduler.flush()
    await stopping
    expect(resubscribed).toBe(1)
    expect(() => bus.saga(() => new Observable<Event>(), { retry: { count: -1 } })).toThrow(/options.retry.count: expected a whole number >= 0/)
    expect(() => bus.saga(() => new Observable<Event>(), { retyr: {} } as never)).toThrow(/did you mean 'retry'/)
  })

  it('rejects misspelt option keys with a "did you mean", on the bus, subscribe, publish and stop', async () => {
    const error = (f: () => unknown): EventValidationError => {
      try {
        f()
      } catch (e) {
        if (e instanceof EventValidationError) return e
      }
      throw new Error('expected an EventValidationError')
    }
    expect(error(() => new EventBus({ maxQueSize: 5 } as never)).message).toMatch(/maxQueSize: expected no such option; did you mean 'maxQueueSize'\?/)
    expect(error(() => new EventBus({ replay: { cuont: 1 } } as never)).message).toMatch(/replay.cuont: expected .*did you mean 'count'/)
    expect(error(() => new EventBus({ zzz: 1 } as never)).issues[0]?.expected).toMatch(/^no such option \(known: maxQueueSize, /)
    const bus = await startedBus()
    expect(error(() => bus.subscribe('a.b', () => undefined, { concurency: 2 } as never)).message).toMatch(/options.concurency: .*did you mean 'concurrency'/)
    expect(error(() => bus.subscribe('a.b', () => undefined, { timeout: 5 } as never)).message).toMatch(/did you mean 'timeoutMs'/)
    expect(error(() => bus.subscribe('a.b', () => undefined, { retry: { count: 1, delay: 5 } } as never)).message).toMatch(/did you mean 'delayMs'/)
    await expect(bus.publish(ev('a.b'), { waitfor: 'handled' } as never)).rejects.toThrow(/options.waitfor: .*did you mean 'waitFor'/)
    await expect(bus.stop({ timeout: 5 } as never)).rejects.toThrow(/did you mean 'timeoutMs'/)
    await expect(bus.stop({ timeoutMs: Number.NaN })).rejects.toThrow(/options.timeoutMs: expected a number of ms >= 0/)
    expect(() => new EventBus({ slowCallWarnMs: -1 })).toThrow(/slowCallWarnMs/)
    expect(bus.isRunning).toBe(true) // a rejected stop() leaves it running
    await bus.stop()
  })

  it('an operator middleware that emits asynchronously is named in one warning', async () => {
    const { lines, logger } = recordingLogger()
    const bus = await startedBus({ logger })
    const handled: string[] = []
    bus.subscribe('a.x', (e) => {
      handled.push(e.id)
    })
    const slowDown = (source: Observable<Event>): Observable<Event> => source.pipe(delay(1))
    bus.addMiddleware(slowDown)
    bus.addMiddleware((source: Observable<Event>) => source.pipe(map((e) => e))) // synchronous: no warning
    const events = [ev('a.x'), ev('a.x')]
    for (const e of events) await bus.publish(e)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await bus.drain()
    expect(handled).toEqual(events.map((e) => e.id))
    const warnings = lines.filter((l) => l.level === 'warn' && l.message.includes('emits asynchronously'))
    expect(warnings.map((l) => l.fields)).toEqual([{ component: 'event-bus', middleware: 'slowDown' }])
    await bus.stop()
  })
})
