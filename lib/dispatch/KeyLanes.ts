import type { Event } from '../events/Event'
import { RingBuffer } from '../internal/RingBuffer'
import type { Tracked } from '../pipeline/Tracked'

/**
 * @internal The `orderBy` lanes of one subscription: events of one key run one at a time, in
 * order, while events of other keys use the subscription's other slots. A key that is running or
 * waiting is in the map; the events behind it wait in its ring.
 */
export class KeyLanes {
  private readonly lanes = new Map<unknown, RingBuffer<Tracked> | null>()

  constructor(private readonly orderBy: (event: Event) => unknown) {}

  /** No key is running or waiting. */
  get isEmpty(): boolean {
    return this.lanes.size === 0
  }

  /** True when `rec` must wait behind an earlier event of its key (it is queued then). */
  holdBehind(rec: Tracked): boolean {
    const key = this.keyOf(rec)
    if (!this.lanes.has(key)) {
      this.lanes.set(key, null)
      return false
    }
    let ring = this.lanes.get(key) ?? null
    if (ring === null) this.lanes.set(key, (ring = new RingBuffer<Tracked>()))
    ring.push(rec)
    return true
  }

  /** After `rec`'s last attempt: the next live event of its key (the key is released when none is left). */
  next(rec: Tracked, skip: (next: Tracked) => boolean): Tracked | undefined {
    const key = this.keyOf(rec)
    const ring = this.lanes.get(key) ?? null
    for (let next = ring?.shift(); next !== undefined; next = ring?.shift()) if (!skip(next)) return next
    this.lanes.delete(key)
    return undefined
  }

  /** Every event waiting behind a key, in key order; the lanes are emptied. */
  clear(): Tracked[] {
    const out: Tracked[] = []
    for (const ring of this.lanes.values()) if (ring !== null) for (let r = ring.shift(); r !== undefined; r = ring.shift()) out.push(r)
    this.lanes.clear()
    return out
  }

  private keyOf(rec: Tracked): unknown {
    try {
      return this.orderBy(rec.event)
    } catch {
      return rec // a key function that throws orders nothing for that event
    }
  }
}
