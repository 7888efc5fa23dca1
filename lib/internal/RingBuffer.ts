/**
 * @internal A growable FIFO ring buffer: O(1) push and shift, no `Array#shift` copying.
 */
export class RingBuffer<T> {
  private items: (T | undefined)[]
  private head = 0
  private tail = 0
  private count = 0

  constructor(initialCapacity = 16) {
    this.items = new Array<T | undefined>(initialCapacity)
  }

  get size(): number {
    return this.count
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow()
    this.items[this.tail] = item
    this.tail = (this.tail + 1) % this.items.length
    this.count++
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined
    const item = this.items[this.head]
    this.items[this.head] = undefined
    this.head = (this.head + 1) % this.items.length
    this.count--
    return item
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head]
  }

  /** Removes every item and returns them, oldest first. */
  clear(): T[] {
    const out: T[] = []
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item)
    return out
  }

  private grow(): void {
    const next = new Array<T | undefined>(this.items.length * 2)
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length]
    this.items = next
    this.head = 0
    this.tail = this.count
  }
}
