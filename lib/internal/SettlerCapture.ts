/**
 * @internal A shared Promise executor: `promise()` makes a Promise and leaves its settlers in
 * `resolve` and `reject` until the next call (read them at once). No closure per Promise, which
 * matters for a publish per event.
 */
export class SettlerCapture<T> {
  /** The resolve function of the last `promise()`. */
  resolve: (value: T) => void = ignore
  /** The reject function of the last `promise()`. */
  reject: (error: unknown) => void = ignore
  private readonly executor = (resolve: (value: T) => void, reject: (error: unknown) => void): void => {
    this.resolve = resolve
    this.reject = reject
  }

  /** A new Promise; its settlers are in `resolve` and `reject` until the next call. */
  promise(): Promise<T> {
    return new Promise<T>(this.executor)
  }
}

function ignore(): void {
  // the settlers before the first promise
}
