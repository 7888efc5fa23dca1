import { NEVER, timer } from 'rxjs'
import { BusNotStartedError, EventBus, silentLogger, type DeadLetter, type Transport } from '../../lib'
import { deferred, ev, settle, startedBus } from '../helpers/fixtures'
import { testScheduler } from '../helpers/marbles'

describe('EventBus shutdown', () => {
  it('handles every event accepted before stop (the original abandoned its queue)', async () => {
    const bus = await startedBus()
    const handled: number[] = []
    bus.subscribe('a.b', async (e) => {
      await settle()
      handled.push(e.payload['n'] as number)
    })
    for (let n = 0; n < 20; n++) void bus.publish(ev('a.b', { n }))
    const result = await bus.stop()
    expect(result.undelivered).toEqual([])
    expect(handled).toEqual(Array.from({ length: 20 }, (_, n) => n))
    await expect(bus.publish(ev('a.b'))).rejects.toBeInstanceOf(BusNotStartedError)
  })

  it('lets handlers publish follow-ups while draining, so chains finish', async () => {
    const bus = await startedBus()
    const done: string[] = []
    bus.subscribe('step.one', async (e, ctx) => {
      await settle()
      await ctx.publish(ev('step.two', { id: e.payload['id'] }))
    })
    bus.subscribe('step.two', (e) => {
      done.push(e.payload['id'] as string)
    })
    void bus.publish(ev('step.one', { id: 'x' }))
    await bus.stop()
    expect(done).toEqual(['x'])
  })

  it('returns what it could not deliver by the deadline, dead-letters it as shutdown, and completes the streams', async () => {
    const scheduler = testScheduler()
    const bus = new EventBus({ logger: silentLogger, scheduler })
    await bus.start()
    const letters: DeadLetter[] = []
    const completed: string[] = []
    bus.deadLetters$.subscribe({ next: (d) => letters.push(d), complete: () => completed.push('deadLetters$') })
    bus.events$.subscribe({ complete: () => completed.push('events$') })
    bus.errors$.subscribe({ complete: () => completed.push('errors$') })
    bus.subscribe('hang.x', () => NEVER, { name: 'hangs' })
    bus.subscribe('quick.x', () => timer(10, scheduler))
    const hung = ev('hang.x', { n: 1 })
    const queued = ev('hang.x', { n: 2 })
    const quick = ev('quick.x')
    const waiting = bus.publish(queued, { waitFor: 'handled' })
    await bus.publish(hung)
    await bus.publish(quick)
    const stopping = bus.stop({ timeoutMs: 100 })
    await expect(bus.publish(ev('quick.x'))).rejects.toBeInstanceOf(BusNotStartedError)
    scheduler.flush()
    const { undelivered } = await stopping
    expect(undelivered.map((e) => e.id).sort()).toEqual([hung.id, queued.id].sort())
    expect(letters.map((d) => [d.reason, d.event.id]).sort()).toEqual(
      [
        ['shutdown', hung.id],
        ['shutdown', queued.id],
      ].sort(),
    )
    expect(completed.sort()).toEqual(['deadLetters$', 'errors$', 'events$'])
    await expect(waiting).resolves.toMatchObject({ status: 'dead-letter', ok: false })
    expect(bus.getMetrics().events['quick.x'].count).toBe(1)
  })

  it('survives stop during dispatch and repeated stop/start cycles', async () => {
    const bus = await startedBus()
    const handled: number[] = []
    bus.subscribe('a.b', async (e) => {
      await settle()
      handled.push(e.payload['n'] as number)
    })
    let n = 0
    for (let cycle = 0; cycle < 5; cycle++) {
      for (let i = 0; i < 10; i++) void bus.publish(ev('a.b', { n: n++ }))
      const [first, second] = await Promise.all([bus.stop(), bus.stop()])
      expect(first).toBe(second)
      expect(first.undelivered).toEqual([])
      await bus.start()
    }
    expect(handled).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(bus.getMetrics().total.totalEvents).toBe(50)
    await bus.stop()
    await expect(bus.stop()).resolves.toEqual({ undelivered: [] })
  })

  it('rejects publishers still waiting for room when the bus stops (never accepted, so never lost silently)', async () => {
    const bus = await startedBus({ maxQueueSize: 1 })
    const gate = deferred()
    bus.subscribe('a.b', () => gate.promise)
    await bus.publish(ev('a.b'))
    await bus.publish(ev('a.b'))
    const blocked = bus.publish(ev('a.b'))
    const stopping = bus.stop({ timeoutMs: 50 })
    await expect(blocked).rejects.toBeInstanceOf(BusNotStartedError)
    gate.resolve()
    await expect(stopping).resolves.toEqual({ undelivered: [] })
  })

  it('keeps to its deadline when the transport cannot close (a broker that is gone), and says so in the log', async () => {
    const scheduler = testScheduler()
    const warnings: string[] = []
    const logger = { ...silentLogger, warn: (_fields: object, message: string) => warnings.push(message) }
    const closing = deferred()
    const transport: Transport = {
      name: 'stuck',
      connect: () => Promise.resolve(),
      publish: () => Promise.resolve(),
      subscribe: () => Promise.resolve({ pause: () => undefined, close: () => Promise.resolve() }),
      deadLetter: () => Promise.resolve(),
      pause: () => undefined,
      close: () => closing.promise, // never settles within the test's deadline
      status: () => ({ connected: false, detail: 'broker gone' }),
    }
    const bus = new EventBus({ logger, scheduler, transport })
    await bus.start()
    let stopped = false
    const stopping = bus.stop({ timeoutMs: 100 }).then((r) => {
      stopped = true
      return r
    })
    await settle()
    scheduler.flush() // virtual time passes the 100 ms deadline
    await expect(stopping).resolves.toEqual({ undelivered: [] })
    expect(stopped).toBe(true)
    expect(warnings).toContain('transport did not close before the stop deadline; closing in the background')
    closing.resolve() // the close finishes later: nothing is settled twice
    await settle()
    expect(warnings.filter((w) => w.includes('deadline'))).toHaveLength(1)
  })
})
