import type { Subscription } from 'rxjs'
import type { Tracked } from '../pipeline/Tracked'
import type { CallContext } from './DispatchHost'

/** @internal One asynchronous handler call, or a retry waiting for its delay. */
export class Attempt {
  settled = false
  /** Given up on by `stop()` while it ran: its late end is counted apart. */
  abandoned = false
  /** Bus-clock time it was first seen running by `inspectAttempts` (untimed calls), or -1. */
  seenAt = -1
  /** Reported as slow. */
  warned = false
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
    /** The call's context (aborted on timeout or abandon); null for a retry delay. */
    readonly ctx: CallContext | null,
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

/**
 * @internal The age of the oldest running call of the list whose newest is `newest` (ms; 0 when
 * none): from its start when it is timed, else from when this function first saw it (the
 * watchdog looks often enough for that to be close; a clock read per call would cost more).
 * Calls `slow` once per call that has run `warnMs` or more (`warnMs` 0: never).
 */
export function inspectAttempts(newest: Attempt | null, now: number, warnMs: number, slow: (rec: Tracked, ageMs: number) => void): number {
  let oldest = 0
  for (let a = newest; a !== null; a = a.prev) {
    if (a.ctx === null) continue // a retry delay, not a call
    let start = a.t0 >= 0 ? a.t0 : a.seenAt
    if (start < 0) start = a.seenAt = now
    const age = now - start
    if (age > oldest) oldest = age
    if (warnMs > 0 && age >= warnMs && !a.warned) {
      a.warned = true
      slow(a.rec, age)
    }
  }
  return oldest
}
