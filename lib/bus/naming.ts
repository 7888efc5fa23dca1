/**
 * @internal Names subscriptions for metrics and logs: the explicit name, else the function's
 * name (`name#2`, `name#3`, ... for other functions of the same name), else `anonymous#N`.
 */
export class HandlerNames {
  private anonymous = 0
  private readonly names = new Map<string, unknown>()
  private readonly counters = new Map<string, number>()

  nameFor(handler: unknown, explicit: string | undefined): string {
    if (explicit !== undefined) return explicit
    const fnName = typeof handler === 'function' ? handler.name : ''
    if (fnName === '' || fnName === 'anonymous') return `anonymous#${++this.anonymous}`
    const owner = this.names.get(fnName)
    if (owner === undefined || owner === handler) {
      this.names.set(fnName, handler)
      return fnName
    }
    // One counter per base name: naming stays O(1) however many functions share a name.
    let n = this.counters.get(fnName) ?? 1
    while (this.names.has(`${fnName}#${++n}`)) {
      if (this.names.get(`${fnName}#${n}`) === handler) return `${fnName}#${n}`
    }
    this.counters.set(fnName, n)
    this.names.set(`${fnName}#${n}`, handler)
    return `${fnName}#${n}`
  }
}
