import { RingBuffer } from './RingBuffer'

/**
 * @internal Three FIFO lanes (0 = immediate, 1 = normal, 2 = deferred); `shift` takes from the
 * first non-empty lane. Lanes are allocated on first use.
 */
export class PriorityQueue<T> {
  private readonly lanes: [RingBuffer<T> | null, RingBuffer<T> | null, RingBuffer<T> | null] = [null, null, null]
  private count = 0

  get size(): number {
    return this.count
  }

  push(item: T, lane: 0 | 1 | 2): void {
    const ring = this.lanes[lane] ?? (this.lanes[lane] = new RingBuffer<T>())
    ring.push(item)
    this.count++
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined
    for (const ring of this.lanes) {
      if (ring !== null && ring.size > 0) {
        this.count--
        return ring.shift()
      }
    }
    return undefined
  }

  clear(): T[] {
    const out: T[] = []
    // No spread: a lane may hold more items than a call may take arguments.
    for (const ring of this.lanes) if (ring !== null) for (let item = ring.shift(); item !== undefined; item = ring.shift()) out.push(item)
    this.count = 0
    return out
  }
}
