/**
 * The base class of every error this library raises, so one `instanceof EventBusError` check
 * tells a bus failure from any other error.
 *
 * @category errors
 * @since 0.1.0
 */
export class EventBusError extends Error {
  /** Always `'EventBusError'`, so errors can be told apart after serialization. */
  override readonly name: string = 'EventBusError'

  /**
   * @param message What was wrong and what to do about it.
   * @param options `cause`: the underlying error, if any.
   */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message)
    if (options !== undefined && 'cause' in options) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: false })
    }
    Object.setPrototypeOf(this, new.target.prototype)
  }
}
