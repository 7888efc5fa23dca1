/**
 * Counts handler calls and wakes one waiter when a target count is reached. Every contender's
 * handlers call `hit()`, so "all handled" is detected the same way for every library, without
 * relying on a library's own await machinery.
 */
export class Tally {
  count = 0
  private target = Number.POSITIVE_INFINITY
  private wake: (() => void) | undefined = undefined

  hit(): void {
    if (++this.count >= this.target && this.wake !== undefined) {
      const wake = this.wake
      this.wake = undefined
      this.target = Number.POSITIVE_INFINITY
      wake()
    }
  }

  /** `undefined` when `target` is already reached (no Promise on the fast path), else a Promise. */
  until(target: number): Promise<void> | undefined {
    if (this.count >= target) return undefined
    this.target = target
    return new Promise<void>((resolve) => {
      this.wake = resolve
    })
  }

  /** Like `until`, but gives up after `ms`; resolves with whether the target was reached. */
  async untilOrTimeout(target: number, ms: number): Promise<boolean> {
    const reached = this.until(target)
    if (reached === undefined) return true
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        resolve(false)
      }, ms)
    })
    const ok = await Promise.race([reached.then(() => true), timedOut])
    clearTimeout(timer)
    if (!ok) {
      this.wake = undefined
      this.target = Number.POSITIVE_INFINITY
    }
    return ok
  }
}
