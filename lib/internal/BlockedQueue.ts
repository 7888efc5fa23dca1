/**
 * @internal The publishes that wait for queue room under the `'wait'` policy, oldest first: one
 * growable ring of (value, flag, resolve, reject) entries stored flat, so a waiting publish costs
 * its Promise and four slots, no entry object. `shift` leaves the removed entry's flag and
 * settlers in `flag`, `resolve` and `reject` (read them before the next `shift`).
 */
export class BlockedQueue<T, R> {
  private slots: unknown[] = new Array<unknown>(STRIDE * 64)
  private head = 0
  private count = 0
  /** The flag of the entry the last `shift` removed. */
  flag = false
  /** The resolve function of the entry the last `shift` removed. */
  resolve: (result: R) => void = ignore
  /** The reject function of the entry the last `shift` removed. */
  reject: (error: unknown) => void = ignore

  /** How many publishes wait. */
  get size(): number {
    return this.count
  }

  push(value: T, flag: boolean, resolve: (result: R) => void, reject: (error: unknown) => void): void {
    if (this.count * STRIDE === this.slots.length) this.grow()
    const at = STRIDE * ((this.head + this.count) % (this.slots.length / STRIDE))
    const slots = this.slots
    slots[at] = value
    slots[at + 1] = flag
    slots[at + 2] = resolve
    slots[at + 3] = reject
    this.count++
  }

  /** Removes the oldest entry and returns its value (undefined when empty); see `flag`, `resolve`, `reject`. */
  shift(): T | undefined {
    if (this.count === 0) return undefined
    const slots = this.slots
    const at = STRIDE * this.head
    const value = slots[at] as T
    this.flag = slots[at + 1] as boolean
    this.resolve = slots[at + 2] as (result: R) => void
    this.reject = slots[at + 3] as (error: unknown) => void
    slots[at] = slots[at + 2] = slots[at + 3] = undefined
    this.head = (this.head + 1) % (slots.length / STRIDE)
    this.count--
    return value
  }

  private grow(): void {
    const capacity = this.slots.length / STRIDE
    const next = new Array<unknown>(this.slots.length * 2)
    for (let i = 0; i < this.count; i++) {
      const from = STRIDE * ((this.head + i) % capacity)
      for (let k = 0; k < STRIDE; k++) next[STRIDE * i + k] = this.slots[from + k]
    }
    this.slots = next
    this.head = 0
  }
}

const STRIDE = 4

function ignore(): void {
  // the settlers before the first shift
}
