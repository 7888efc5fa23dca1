import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream'
import { VirtualTimeScheduler } from 'rxjs'
import { NatsPuller, restartDelay, type PullerHost } from '../../../lib/transports/nats/NatsPuller'

/** One fetch as the test drives it: messages pushed (to the puller's callback), then ended (or failed, or stopped by the puller). */
class FakeFetch {
  stopped = false
  private end: ((value: Error | undefined) => void) | null = null
  private readonly ended = new Promise<Error | undefined>((resolve) => {
    this.end = resolve
  })

  constructor(
    readonly batch: number,
    private readonly callback: (m: JsMsg) => void,
  ) {}

  push(...seqs: number[]): void {
    for (const seq of seqs) this.callback({ seq } as JsMsg)
  }

  finish(error?: Error): void {
    this.end?.(error)
  }

  stop(): void {
    this.stopped = true
    this.finish()
  }

  closed(): Promise<Error | undefined> {
    return this.ended
  }
}

/** Lets the puller's promise chains run to their end (fetch, iteration, finally): one turn of the event loop. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

function setup(bound = 8, failFetches = false) {
  const fetches: FakeFetch[] = []
  const consumer = {
    fetch: jest.fn(({ max_messages, callback }: { max_messages: number; callback: (m: JsMsg) => void }) => {
      if (failFetches) return Promise.reject(new Error('consumer not found'))
      const f = new FakeFetch(max_messages, callback)
      fetches.push(f)
      return Promise.resolve(f as unknown as ConsumerMessages)
    }),
  } as unknown as Consumer
  const scheduler = new VirtualTimeScheduler()
  const held: (() => void)[] = []
  const received: number[] = []
  const stopped: [string, number][] = []
  const reopened: [number, number | null][] = []
  let reopenFails = 0
  const host: PullerHost = {
    scheduler,
    reopen: (lastSeq) => {
      reopened.push([scheduler.now(), lastSeq])
      if (reopenFails > 0) {
        reopenFails--
        return Promise.reject(new Error('no connection'))
      }
      failFetches = false
      return Promise.resolve(consumer)
    },
    receive: (m, settled) => {
      received.push(m.seq)
      held.push(settled)
    },
    stopped: (error, delayMs) => void stopped.push([String(error), delayMs]),
    restarted: jest.fn(),
  }
  const puller = new NatsPuller(consumer, bound, { expiresMs: 30_000, heartbeatMs: 2_000 }, host)
  const failNextReopens = (n: number): void => {
    reopenFails = n
  }
  return { puller, fetches, scheduler, held, received, stopped, reopened, host, failNextReopens, failAll: () => void (failFetches = true) }
}

describe('NatsPuller', () => {
  it('holds at most its bound, and asks again as held messages settle: at once when nothing is on its way, else once a quarter is free', async () => {
    const { puller, fetches, held, received } = setup(8)
    puller.start()
    await settle()
    expect(fetches.map((f) => f.batch)).toEqual([8])
    fetches[0].push(1, 2, 3, 4, 5, 6, 7, 8)
    fetches[0].finish()
    await settle()
    expect(received).toHaveLength(8)
    expect(puller.holding).toBe(8)
    expect(fetches).toHaveLength(1) // full: no fetch however long it waits
    held.shift()?.()
    await settle()
    expect(fetches.map((f) => f.batch)).toEqual([8, 1]) // nothing on its way: ask for the one free slot
    held.shift()?.()
    await settle()
    expect(fetches).toHaveLength(2) // one slot free and one on its way: wait for a quarter (2)
    held.shift()?.()
    await settle()
    expect(fetches.map((f) => f.batch)).toEqual([8, 1, 2])
    fetches[1].push(9)
    fetches[2].push(10, 11)
    await settle()
    expect(puller.holding).toBe(8)
  })

  it('gives back the slots of a fetch that ended short (expired) and asks again', async () => {
    const { puller, fetches } = setup(8)
    puller.start()
    await settle()
    fetches[0].push(1, 2)
    fetches[0].finish() // the broker's request expired with 6 undelivered
    await settle()
    expect(puller.holding).toBe(2)
    expect(fetches.map((f) => f.batch)).toEqual([8, 6])
  })

  it('restarts a consumer whose fetch failed after 250 ms, doubling per failed attempt, where it stopped', async () => {
    const { puller, fetches, scheduler, stopped, reopened, host, failNextReopens } = setup(8)
    puller.start()
    await settle()
    fetches[0].push(41, 42)
    await settle()
    fetches[0].finish(new Error('consumer deleted'))
    failNextReopens(2)
    await settle()
    expect(puller.stopped).toBe(true)
    expect(stopped).toEqual([['Error: consumer deleted', 250]])
    for (let i = 0; i < 3; i++) {
      scheduler.flush()
      await settle()
    }
    expect(reopened).toEqual([
      [250, 42],
      [750, 42],
      [1750, 42],
    ])
    expect(stopped.map(([, delay]) => delay)).toEqual([250, 500, 1000])
    expect(host.restarted).toHaveBeenCalledTimes(1)
    expect(puller.stopped).toBe(false)
    expect(fetches.at(-1)?.batch).toBe(6) // 2 still held
  })

  it('stops the other fetches of a consumer that failed; their end is not a second stop', async () => {
    const { puller, fetches, held, stopped } = setup(8)
    puller.start()
    await settle()
    fetches[0].push(1, 2, 3, 4, 5, 6, 7, 8)
    fetches[0].finish()
    await settle()
    held.shift()?.()
    await settle()
    held.shift()?.()
    held.shift()?.()
    await settle()
    expect(fetches.map((f) => f.batch)).toEqual([8, 1, 2])
    fetches[1].finish(new Error('consumer deleted'))
    await settle()
    expect(fetches[2].stopped).toBe(true)
    expect(stopped).toHaveLength(1)
    held.shift()?.()
    await settle()
    expect(fetches).toHaveLength(3) // stopped: no fetch until the restart
  })

  it('stops its fetches and a pending restart on stop(), and pulls nothing after', async () => {
    const { puller, fetches, scheduler, reopened, failAll } = setup(8)
    puller.start()
    await settle()
    failAll()
    fetches[0].finish(new Error('heartbeats missed'))
    await settle()
    puller.stop()
    scheduler.flush()
    await settle()
    expect(reopened).toEqual([])
    const other = setup(8)
    other.puller.start()
    await settle()
    other.puller.stop()
    await settle()
    expect(other.fetches[0].stopped).toBe(true)
    expect(other.puller.stopped).toBe(false) // stopped by us: not a failure
  })

  it('waits 250 ms before the first restart, doubling up to 15 s', () => {
    expect([0, 1, 2, 5, 6, 7, 100].map(restartDelay)).toEqual([250, 500, 1_000, 8_000, 15_000, 15_000, 15_000])
  })
})
