import type { Event } from '../events/Event'

/**
 * @internal The embedded history: the last `capacity` accepted events, in the order they were
 * routed, in a fixed array used as a ring (no growth past `capacity`, one store per event).
 */
export class HistoryRing {
  private readonly items: (Event | undefined)[]
  /** Where the next event goes. */
  private next = 0
  private count = 0

  constructor(readonly capacity: number) {
    this.items = new Array<Event | undefined>(capacity)
  }

  /** How many events it holds (at most `capacity`). */
  get size(): number {
    return this.count
  }

  /** Records an accepted event, forgetting the oldest when full. */
  push(event: Event): void {
    this.items[this.next] = event
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1
    if (this.count < this.capacity) this.count++
  }

  /** The events held, oldest first (a copy: later pushes do not change it). */
  toArray(): Event[] {
    const out = new Array<Event>(this.count)
    const start = this.count < this.capacity ? 0 : this.next
    for (let i = 0; i < this.count; i++) out[i] = this.items[(start + i) % this.capacity] as Event
    return out
  }
}
