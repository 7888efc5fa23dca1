import fc from 'fast-check'
import type { Subscription } from 'rxjs'
import { Event, EventBus, silentLogger, type DeadLetter, type PublishResult } from '../../lib'
import { defined } from '../helpers/fixtures'

type Mode = 'ok' | 'throw' | 'reject' | 'async-ok' | 'observable-error'
type Op =
  | { readonly op: 'subscribe'; readonly type: number; readonly mode: Mode; readonly concurrency: number }
  | { readonly op: 'unsubscribe'; readonly index: number }
  | { readonly op: 'publish'; readonly type: number; readonly awaitIt: boolean }

const TYPES = ['a.x', 'b.x', 'c.x'] as const

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('subscribe' as const),
    type: fc.integer({ min: 0, max: 2 }),
    mode: fc.constantFrom<Mode>('ok', 'throw', 'reject', 'async-ok', 'observable-error'),
    concurrency: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ op: fc.constant('unsubscribe' as const), index: fc.nat(10) }),
  fc.record({ op: fc.constant('publish' as const), type: fc.integer({ min: 0, max: 2 }), awaitIt: fc.boolean() }),
)

describe('delivery properties (fast-check)', () => {
  it('every accepted event ends exactly once per subscription as handled or dead-lettered; metrics add up; nothing after unsubscribe', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 60 }), async (ops) => {
        const bus = new EventBus({ logger: silentLogger })
        await bus.start()
        const letters: DeadLetter[] = []
        bus.deadLetters$.subscribe((d) => letters.push(d))
        const subs: { sub: Subscription; name: string; closed: boolean }[] = []
        const calls: { name: string; eventId: string; afterClose: boolean }[] = []
        const results: Promise<PublishResult>[] = []
        let seq = 0
        for (const op of ops) {
          if (op.op === 'subscribe') {
            const name = `h${seq++}`
            const entry = { sub: undefined as unknown as Subscription, name, closed: false }
            entry.sub = bus.subscribe(
              TYPES[op.type],
              (e: Event) => {
                calls.push({ name, eventId: e.id, afterClose: entry.closed })
                switch (op.mode) {
                  case 'throw':
                    throw new Error('x')
                  case 'reject':
                    return Promise.reject(new Error('x'))
                  case 'async-ok':
                    return Promise.resolve()
                  case 'observable-error':
                    return Promise.resolve().then(() => {
                      throw new Error('late')
                    })
                  default:
                    return undefined
                }
              },
              { name, concurrency: op.concurrency },
            )
            subs.push(entry)
          } else if (op.op === 'unsubscribe') {
            const entry = subs.at(op.index % Math.max(1, subs.length))
            if (entry !== undefined) {
              entry.closed = true
              entry.sub.unsubscribe()
            }
          } else {
            const p = bus.publish(new Event({ eventType: TYPES[op.type] }), { waitFor: 'handled' })
            results.push(p)
            if (op.awaitIt) await p
          }
        }
        const settled = await Promise.all(results)
        await bus.drain()

        // nothing is delivered to a subscription after its unsubscribe
        expect(calls.filter((c) => c.afterClose)).toEqual([])
        for (const r of settled) {
          const names = r.outcomes.map((o) => o.handler)
          // one outcome per subscription, never two
          expect(new Set(names).size).toBe(names.length)
          const failed = r.outcomes
            .filter((o) => o.status === 'rejected')
            .map((o) => o.handler)
            .sort()
          const lettered = letters
            .filter((d) => d.event.id === r.event.id)
            .map((d) => defined(d.handler, `the handler of a dead letter of ${r.event.id}`))
            .sort()
          // each failed delivery is dead-lettered exactly once, and nothing else is
          expect(lettered).toEqual(failed)
          // each fulfilled or failed delivery corresponds to exactly one handler call (no retries configured)
          const called = calls
            .filter((c) => c.eventId === r.event.id)
            .map((c) => c.name)
            .sort()
          expect(called).toEqual(
            r.outcomes
              .filter((o) => o.status !== 'cancelled')
              .map((o) => o.handler)
              .sort(),
          )
        }
        const m = bus.getMetrics()
        expect(m.total.totalEvents).toBe(settled.length)
        expect(m.total.deadLetters).toBe(letters.length)
        expect(m.total.totalErrors).toBe(letters.length)
        expect(m.total.unroutedEvents).toBe(settled.filter((r) => r.status === 'unrouted').length)
        expect(m.queueSize).toBe(0)
        expect(m.inFlight).toBe(0)
        const perType = Object.values(m.events).reduce((n, s) => n + s.count, 0)
        expect(perType).toBe(settled.length)
        await bus.stop()
      }),
      { numRuns: 150 },
    )
  })
})
