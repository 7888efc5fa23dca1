import type { Subscription } from 'rxjs'
import type { Tracked } from '../pipeline/Tracked'

/** @internal One asynchronous handler call, or a retry waiting for its delay. */
export class Attempt {
  settled = false
  /** The timeout, or the retry delay. */
  timer: Subscription | null = null
  /** The subscription to a handler's returned stream. */
  sub: Subscription | null = null
  /** A subscription's running attempts form a doubly linked list (no Set to rehash). */
  prev: Attempt | null = null
  next: Attempt | null = null

  constructor(
    readonly rec: Tracked,
    readonly attempt: number,
    /** Bus-clock start, or -1 when not timed. */
    readonly t0: number,
  ) {}
}

/** @internal The running attempts of one subscription, newest last. */
export class AttemptList {
  private newest: Attempt | null = null

  add(a: Attempt): void {
    const newest = this.newest
    if (newest !== null) newest.next = a
    a.prev = newest
    this.newest = a
  }

  remove(a: Attempt): void {
    const { prev, next } = a
    if (prev !== null) prev.next = next
    if (next !== null) next.prev = prev
    else this.newest = prev
    a.prev = a.next = null
  }

  /** The records of the running attempts, oldest first. */
  records(): Tracked[] {
    const out: Tracked[] = []
    for (let a = this.newest; a !== null; a = a.prev) out.push(a.rec)
    return out.reverse()
  }
}
