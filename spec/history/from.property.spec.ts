import fc from 'fast-check'
import { Event, EventBus, silentLogger, type SubscribeFrom } from '../../lib'
import { typeMatcher } from '../../lib/history/selectHistory'

type Op =
  | { readonly op: 'publish'; readonly type: number }
  | { readonly op: 'subscribe'; readonly key: number; readonly from: SubscribeFrom; readonly concurrency: number; readonly async: boolean }

const TYPES = ['doc.page.a', 'doc.page.b', 'doc.other'] as const
const KEYS = ['doc.page.a', 'doc.page.*', 'doc.>', 'doc.other'] as const

const fromArb: fc.Arbitrary<SubscribeFrom> = fc.oneof(
  fc.constantFrom<SubscribeFrom>('new', 'all'),
  fc.nat(40).map((since) => ({ since })),
  fc.nat(10).map((last) => ({ last })),
)
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('publish' as const), type: fc.integer({ min: 0, max: 2 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('subscribe' as const),
      key: fc.integer({ min: 0, max: 3 }),
      from: fromArb,
      concurrency: fc.constantFrom(1, 8),
      async: fc.boolean(),
    }),
  },
)

describe('subscribe({ from }) properties (fast-check)', () => {
  it('each subscription receives every matching event exactly once (past by its from, then every later one), in order for concurrency 1', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 50 }), async (ops) => {
        const bus = new EventBus({ logger: silentLogger, history: { maxEvents: 1000 } })
        await bus.start()
        const published: Event[] = []
        const subs: {
          readonly replayed: readonly string[]
          readonly got: string[]
          readonly ordered: boolean
          readonly matches: (t: string) => boolean
          readonly at: number
        }[] = []
        for (const op of ops) {
          if (op.op === 'publish') {
            const e = new Event({ eventType: TYPES[op.type], timestamp: published.length })
            published.push(e)
            await bus.publish(e)
            continue
          }
          const key = KEYS[op.key]
          const matches = typeMatcher([key])
          const past = published.filter((e) => matches(e.eventType))
          const from = op.from
          const replayed =
            from === 'new'
              ? []
              : from === 'all'
                ? past
                : 'since' in from
                  ? past.filter((e) => e.timestamp >= from.since)
                  : past.slice(Math.max(0, past.length - from.last))
          const sub = { replayed: replayed.map((e) => e.id), got: [] as string[], ordered: op.concurrency === 1, matches, at: published.length }
          subs.push(sub)
          bus.subscribe(
            key,
            async (e) => {
              if (op.async) await new Promise<void>((resolve) => setImmediate(resolve))
              sub.got.push(e.id)
            },
            { from, concurrency: op.concurrency },
          )
        }
        await bus.drain()
        for (const s of subs) {
          const live = published.slice(s.at).filter((e) => s.matches(e.eventType)) // every matching event published after it subscribed
          const expected = [...s.replayed, ...live.map((e) => e.id)]
          expect(new Set(s.got).size).toBe(s.got.length)
          if (s.ordered) expect(s.got).toEqual(expected)
          else expect([...s.got].sort()).toEqual([...expected].sort())
        }
        await bus.stop()
      }),
      { numRuns: 150 },
    )
  })
})
