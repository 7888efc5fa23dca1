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

/** @internal Appends `a` to the list whose newest is `newest`; returns the new newest. */
export function linkAttempt(newest: Attempt | null, a: Attempt): Attempt {
  if (newest !== null) newest.next = a
  a.prev = newest
  return a
}

/** @internal Removes `a` from the list whose newest is `newest`; returns the new newest. */
export function unlinkAttempt(newest: Attempt | null, a: Attempt): Attempt | null {
  const { prev, next } = a
  if (prev !== null) prev.next = next
  if (next !== null) next.prev = prev
  const result = next === null ? prev : newest
  a.prev = a.next = null
  return result
}

/** @internal The records of the list whose newest is `newest`, oldest first. */
export function attemptRecords(newest: Attempt | null): Tracked[] {
  const out: Tracked[] = []
  for (let a = newest; a !== null; a = a.prev) out.push(a.rec)
  return out.reverse()
}
