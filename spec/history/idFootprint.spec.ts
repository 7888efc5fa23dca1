import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'
import { Event } from '../../lib'

/** A forced GC inside jest (no --expose-gc on the command line). */
function gcHeap(): number {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  for (let i = 0; i < 4; i++) gc()
  return process.memoryUsage().heapUsed
}

describe('the ids of kept events (history, replay)', () => {
  it('are flat strings: an event with a default id costs well under the 491 bytes of an unflattened randomUUID() id alone', () => {
    const n = 20_000
    const before = gcHeap()
    const kept = Array.from({ length: n }, () => new Event({ eventType: 'probe.a', timestamp: 1 }))
    const perEvent = (gcHeap() - before) / n
    expect(kept).toHaveLength(n)
    expect(perEvent).toBeLessThan(300) // ~150 bytes measured; 600+ with a cons-string id
  })
})
