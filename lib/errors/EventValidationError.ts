import { EventBusError } from './EventBusError'

/**
 * One failing path of a validation: where (`path`, dot-separated, `''` for the value itself),
 * what was expected, and what was found (rendered safely for logs).
 *
 * @category errors
 * @since 0.1.0
 */
export interface ValidationIssue {
  /** Dot-separated path of the failing value, for example `'payload'` or `'pageNumbers.2'`. */
  readonly path: string
  /** What the path should hold, for example `'non-empty event type (domain.action.state)'`. */
  readonly expected: string
  /** A short, escaped rendering of what was found. */
  readonly actual: string
}

/**
 * Raised when a value is not a valid event or event argument: a bad constructor init,
 * `parseEvent` on a bad value, `publish` of something that is not an event, a bad handler or
 * middleware. `issues` lists every failing path, not just the first.
 *
 * @category errors
 * @since 0.1.0
 */
export class EventValidationError extends EventBusError {
  /** Always `'EventValidationError'`, so errors can be told apart after serialization. */
  override readonly name = 'EventValidationError'

  /**
   * @param subject What was being validated, for example `'new Event(init)'` or `'publish(event)'`.
   * @param issues Every failing path.
   */
  constructor(
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(
      `${subject}: invalid input, ${issues.length} problem${issues.length === 1 ? '' : 's'}: ` +
        issues.map((i) => `${i.path === '' ? '<value>' : i.path}: expected ${i.expected}, got ${i.actual}`).join('; '),
    )
  }

  /** The failing paths, as in `issues` (for io-ts style reporting). */
  get paths(): readonly string[] {
    return this.issues.map((i) => i.path)
  }
}
