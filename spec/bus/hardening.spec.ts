import { defer, throwError } from 'rxjs'
import { BaseMiddleware, type DeadLetter, type Event, EventValidationError } from '../../lib'
import { deferred, ev, startedBus } from '../helpers/fixtures'

/** Fixes from the hardening issue (#13) that live in the rewritten core; each test fails without its fix. */
describe('EventBus hardening', () => {
  it('a handler returning a hostile thenable fails that call and frees its slot', async () => {
    const bus = await startedBus()
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const seen: string[] = []
    const hostile = [
      {
        then() {
          throw new Error('then throws')
        },
      },
      Object.defineProperty({}, 'then', {
        get() {
          throw new Error('then getter throws')
        },
      }),
    ]
    let call = 0
    bus.subscribe('h.x', (e) => {
      seen.push(e.eventType)
      return hostile[call++] as unknown as Promise<void>
    })
    const results = await Promise.all([
      bus.publish(ev('h.x'), { waitFor: 'handled' }),
      bus.publish(ev('h.x'), { waitFor: 'handled' }),
      bus.publish(ev('h.x'), { waitFor: 'handled' }),
    ])
    await bus.drain()
    expect(results.map((r) => r.outcomes[0]?.status)).toEqual(['rejected', 'rejected', 'fulfilled'])
    expect(letters.map((d) => (d.error as Error).message)).toEqual(['then throws', 'then getter throws'])
    expect(seen).toHaveLength(3)
    expect(bus.getMetrics().inFlight).toBe(0)
  })

  it('removing a BaseMiddleware while its process is pending resumes that event after its place', async () => {
    const bus = await startedBus()
    const gate = deferred<Event>()
    class Slow extends BaseMiddleware {
      process(e: Event): Promise<Event> {
        return gate.promise.then(() => e)
      }
    }
    class Reject extends BaseMiddleware {
      process(e: Event): Event | null {
        return e.payload['ok'] === true ? e : null
      }
    }
    const slow = new Slow({ priority: 1 })
    bus.addMiddleware(slow)
    bus.addMiddleware(new Reject({ priority: 2 }))
    const handled: unknown[] = []
    bus.subscribe('m.x', (e) => {
      handled.push(e.payload['ok'])
    })
    const result = bus.publish(ev('m.x', { ok: false }), { waitFor: 'handled' })
    await new Promise((r) => setImmediate(r))
    expect(bus.removeMiddleware(slow)).toBe(true)
    gate.resolve(ev('unused'))
    expect((await result).status).toBe('filtered') // the stage after the removed one still ran
    expect(handled).toEqual([])
  })

  it('addMiddleware throws for an operator that throws when applied', async () => {
    const bus = await startedBus()
    const broken = (): never => {
      throw new Error('factory failed')
    }
    expect(() => bus.addMiddleware(broken)).toThrow(EventValidationError)
  })

  it('an operator that errors as soon as it is subscribed fails each event once, without a resubscription loop', async () => {
    const bus = await startedBus()
    let subscriptions = 0
    bus.addMiddleware(() => defer(() => (++subscriptions, throwError(() => new Error('dead at once')))))
    const letters: DeadLetter[] = []
    bus.deadLetters$.subscribe((d) => letters.push(d))
    const results = await Promise.all([1, 2, 3].map(() => bus.publish(ev('o.x'), { waitFor: 'handled' })))
    expect(results.map((r) => r.status)).toEqual(['dead-letter', 'dead-letter', 'dead-letter'])
    expect(letters.map((d) => d.reason)).toEqual(['middleware-error', 'middleware-error', 'middleware-error'])
    expect(subscriptions).toBe(1)
  })

  it('stop() with 200,000 deliveries waiting in one subscription returns them all, without overflowing the stack', async () => {
    const bus = await startedBus({ maxQueueSize: 1_000_000 })
    bus.subscribe('q.x', () => new Promise<void>(() => undefined))
    const n = 200_000
    for (let i = 0; i < n; i++) void bus.publish(ev('q.x'))
    expect(bus.getMetrics().queueSize).toBe(n - 1)
    const { undelivered } = await bus.stop({ timeoutMs: 10 })
    expect(undelivered).toHaveLength(n)
  }, 30_000)
})
