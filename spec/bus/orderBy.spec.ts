import { timer } from 'rxjs'
import { EventBus, silentLogger } from '../../lib'
import { ev, startedBus } from '../helpers/fixtures'
import { testScheduler } from '../helpers/marbles'

describe('subscribe({ orderBy })', () => {
  it('keeps one key in order and runs different keys in parallel up to concurrency (virtual time)', async () => {
    const scheduler = testScheduler()
    const bus = new EventBus({ logger: silentLogger, scheduler })
    await bus.start()
    const log: string[] = []
    let running = 0
    let peak = 0
    const durations: Record<string, number> = { a1: 50, a2: 5, a3: 1, b1: 30, b2: 1, c1: 2 }
    bus.subscribe(
      'doc.page',
      (e) => {
        const id = e.payload['id'] as string
        running++
        peak = Math.max(peak, running)
        return new Promise<void>((resolve) => {
          timer(durations[id], scheduler).subscribe(() => {
            running--
            log.push(id)
            resolve()
          })
        })
      },
      { concurrency: 3, orderBy: (e) => e.payload['doc'] },
    )
    for (const id of ['a1', 'b1', 'a2', 'c1', 'a3', 'b2']) await bus.publish(ev('doc.page', { id, doc: id[0] }))
    for (let i = 0; i < 10; i++) {
      scheduler.flush()
      await Promise.resolve()
      await Promise.resolve()
    }
    await bus.drain()
    const order = (k: string): string[] => log.filter((id) => id.startsWith(k))
    expect(order('a')).toEqual(['a1', 'a2', 'a3'])
    expect(order('b')).toEqual(['b1', 'b2'])
    expect(log).toHaveLength(6)
    expect(peak).toBe(3)
    // c1 did not wait for a's chain: it finished before a1
    expect(log.indexOf('c1')).toBeLessThan(log.indexOf('a1'))
    await bus.stop()
  })

  it('cancels events waiting behind a key on unsubscribe, and rejects a key that is not a function', async () => {
    const bus = await startedBus()
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const sub = bus.subscribe('a.b', () => gate, { orderBy: () => 'same', concurrency: 4 })
    const results = [1, 2, 3].map(() => bus.publish(ev('a.b'), { waitFor: 'handled' }))
    expect(bus.getMetrics().queueSize).toBe(2)
    sub.unsubscribe()
    release()
    const statuses = (await Promise.all(results)).map((r) => r.outcomes[0].status)
    expect(statuses).toEqual(['fulfilled', 'cancelled', 'cancelled'])
    expect(bus.getMetrics().queueSize).toBe(0)
    expect(() => bus.subscribe('a.b', () => undefined, { orderBy: 'doc' as never })).toThrow(/orderBy/)
    await bus.stop()
  })
})
