import { clip } from '../internal/render'
import { EventBusError } from './EventBusError'

/** Issues listed in a message; the rest are counted ("and 3 more"), all stay in `issues`. */
const MESSAGE_ISSUES = 20
/** Characters of a path in a message (a payload's own keys can be long); `issues` keeps it whole. */
const MESSAGE_PATH = 200
/** Characters of an expectation in a message (an io-ts type's name can be long). */
const MESSAGE_EXPECTED = 500

/**
 * One failing path of a validation: where (`path`, dot-separated, `''` for the value itself),
 * what was expected, and what was found. Only `path` and `expected` go into the error's
 * message (and so into log lines); `actual` and `value` show the value and stay on the object.
 *
 * @category errors
 * @since 0.1.0
 */
export interface ValidationIssue {
  /** Dot-separated path of the failing value, for example `'payload'` or `'pageNumbers.2'`. */
  readonly path: string
  /** What the path should hold, for example `'non-empty event type (domain.action.state)'`. */
  readonly expected: string
  /**
   * A short, escaped rendering of what was found (at most 60 characters), or a description
   * of it (`'nested deeper than 1000'`). It may show payload data: not part of the message; do
   * not log it unless your logs may carry payloads.
   */
  readonly actual: string
  /** The value found at `path`, as it was (when the validator knows it). Never in the message. */
  readonly value?: unknown
  /** The validator's own message (a Standard Schema issue's), which may quote the value. Never in the message. */
  readonly detail?: string
}

/**
 * Raised when a value is not a valid event or event argument: a bad constructor init,
 * `parseEvent` on a bad value, `publish` of something that is not an event, a bad handler or
 * middleware. `issues` lists every failing path, not just the first.
 *
 * The message names each path and what it expects, never the values found (it ends up in log
 * lines, and payloads may be personal data): `payload.ssn: expected number`. The values stay
 * on the object, in `issues[i].actual` and `issues[i].value`.
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
    super(messageOf(subject, issues))
  }

  /** The failing paths, as in `issues` (for io-ts style reporting). */
  get paths(): readonly string[] {
    return this.issues.map((i) => i.path)
  }
}

function messageOf(subject: string, issues: readonly ValidationIssue[]): string {
  const listed = issues
    .slice(0, MESSAGE_ISSUES)
    .map((i) => `${i.path === '' ? '<value>' : clip(i.path, MESSAGE_PATH)}: expected ${clip(i.expected, MESSAGE_EXPECTED)}`)
  const more = issues.length > MESSAGE_ISSUES ? `; and ${issues.length - MESSAGE_ISSUES} more` : ''
  return `${subject}: invalid input, ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${listed.join('; ')}${more}`
}
