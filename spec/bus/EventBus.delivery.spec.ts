import { EventPriority } from '../../lib'
import { deferred, ev, settle, startedBus } from '../helpers/fixtures'

describe('EventBus.publish and subscribe', () => {
  it('runs a subscription one event at a time by default, and up to `concurrency` at once', async () => {
    const bus = await startedBus()
    let running = 0
    let peakSerial = 0
    const order: number[] = []
    bus.subscribe('serial.x', async (e) => {
      running++
      peakSerial = Math.max(peakSerial, running)
      await settle()
      order.push(e.payload['n'] as number)
      running--
    })
    let parallel = 0
    let peakParallel = 0
    bus.subscribe(
      'parallel.x',
      async () => {
        parallel++
        peakParallel = Math.max(peakParallel, parallel)
        await settle()
        parallel--
      },
      { concurrency: 3 },
    )
    for (let n = 0; n < 6; n++) {
      await bus.publish(ev('serial.x', { n }))
      await bus.publish(ev('parallel.x', { n }))
    }
    await bus.drain()
    expect(peakSerial).toBe(1)
    expect(order).toEqual([0, 1, 2, 3, 4, 5])
    expect(peakParallel).toBe(3)
    await bus.stop()
  })

  it('never lets a slow subscription delay another one (no head-of-line blocking)', async () => {
    const bus = await startedBus()
    const gate = deferred()
    const fast: number[] = []
    bus.subscribe('a.b', () => gate.promise, { name: 'slow' })
    bus.subscribe(
      'a.b',
      (e) => {
        fast.push(e.payload['n'] as number)
      },
      { name: 'fast' },
    )
    for (let n = 0; n < 3; n++) await bus.publish(ev('a.b', { n }))
    expect(fast).toEqual([0, 1, 2])
    expect(bus.getMetrics().queueSize).toBe(2)
    expect(bus.getMetrics().inFlight).toBe(1)
    gate.resolve()
    await bus.drain()
    expect(bus.getMetrics().queueSize).toBe(0)
    await bus.stop()
  })

  it('handles a waiting IMMEDIATE event before waiting NORMAL ones, and those before DEFERRED (FIFO within one)', async () => {
    const bus = await startedBus()
    const gate = deferred()
    const order: string[] = []
    bus.subscribe('job.run', async (e) => {
      order.push(e.payload['id'] as string)
      if (e.payload['id'] === 'first') await gate.promise
    })
    await bus.publish(ev('job.run', { id: 'first' }))
    await bus.publish(ev('job.run', { id: 'd1' }, { priority: EventPriority.DEFERRED }))
    await bus.publish(ev('job.run', { id: 'n1' }))
    await bus.publish(ev('job.run', { id: 'n2' }))
    await bus.publish(ev('job.run', { id: 'i1' }, { priority: EventPriority.IMMEDIATE }))
    await bus.publish(ev('job.run', { id: 'i2' }, { priority: EventPriority.IMMEDIATE }))
    expect(bus.getMetrics().queueSize).toBe(5)
    gate.resolve()
    await bus.drain()
    expect(order).toEqual(['first', 'i1', 'i2', 'n1', 'n2', 'd1'])
    await bus.stop()
  })
})
