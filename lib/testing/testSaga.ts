import { defer, map, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { Event } from '../events/Event'
import { renderValue } from '../internal/render'
import { assertFrames, comparableEvent } from './sagaFrames'

/**
 * Options of {@link testSaga}.
 *
 * @category testing
 * @since 0.2.0
 */
export interface TestSagaOptions {
  /**
   * What of an event is compared, applied to the saga's output and to the expected values
   * alike, for example `(e) => e.eventType`. Default: the event's JSON form without `id` and
   * `timestamp`, which differ on every run.
   */
  readonly select?: (event: Event<object>) => unknown
  /** What an expected `#` stands for; default `'error'`, as in RxJS marbles. */
  readonly error?: unknown
  /**
   * The assertion `TestScheduler` runs on the two frame lists, for example your framework's
   * `(actual, expected) => expect(actual).toEqual(expected)`. Default: a structural comparison
   * that throws a {@link MarbleMismatchError} drawing both diagrams (no test framework needed).
   */
  readonly assert?: (actual: unknown, expected: unknown) => void
}

/**
 * Marble-tests a saga (the `(events$) => Observable<Event>` function that `bus.saga` takes) on
 * its own, without a bus: `input` becomes a hot `events$` under a fresh `TestScheduler`, and
 * what the saga emits must match `expected`. Events are compared by what the saga decided
 * (see {@link TestSagaOptions.select}), so new ids and timestamps do not fail a test.
 *
 * ```text
 * input:     -p--p---|     p: order.placed
 * expected:  -b--b---|     b: order.billed (the saga maps each p to a b)
 * ```
 *
 * @example
 * const bill = (events$: Observable<Event>) =>
 *   events$.pipe(ofType('order.placed'), map((e) => new Event({ eventType: 'order.billed', payload: e.payload })))
 * testSaga(bill, '-p--p--|', '-b--b--|', { p: placed, b: billed })
 *
 * @param saga The saga under test.
 * @param input The events it receives, as hot marbles (`^` marks where the saga subscribes; a
 *   value at frame 0 reaches it).
 * @param expected What it must emit, as marbles: values, `|` (it completes), `#` (it errors,
 *   see {@link TestSagaOptions.error}). On a bus an error would be reported and the saga
 *   resubscribed; here it is part of the output, so it can be asserted.
 * @param values The events each key of both diagrams stands for.
 * @param options See {@link TestSagaOptions}.
 * @throws MarbleMismatchError (default assertion) when the output differs, or what
 *   `options.assert` throws.
 * @throws EventValidationError when an argument is malformed or a key of either diagram has no event in `values`.
 * @category testing
 * @since 0.2.0
 */
export function testSaga<E extends Event<object> = Event>(
  saga: (events$: Observable<E>) => Observable<Event<object>>,
  input: string,
  expected: string,
  values: Readonly<Record<string, Event<object>>> = {},
  options: TestSagaOptions = {},
): void {
  checkArguments(saga, input, expected, values)
  const select = options.select ?? comparableEvent
  const selected = Object.fromEntries(Object.entries(values).map(([key, event]) => [key, select(event)]))
  new TestScheduler(options.assert ?? assertFrames(selected)).run(({ hot, expectObservable }) => {
    const events$ = hot(input, values) as unknown as Observable<E>
    const output$ = defer(() => saga(events$)).pipe(map((event) => select(event)))
    expectObservable(output$).toBe(expected, selected, options.error)
  })
}

const SUBJECT = 'testSaga(saga, input, expected, values)'

function checkArguments(saga: unknown, input: unknown, expected: unknown, values: unknown): void {
  const issues: ValidationIssue[] = []
  if (typeof saga !== 'function') issues.push({ path: 'saga', expected: 'a function (events$) => Observable<Event>', actual: renderValue(saga) })
  if (typeof input !== 'string') issues.push({ path: 'input', expected: 'a marble diagram (string)', actual: renderValue(input) })
  if (typeof expected !== 'string') issues.push({ path: 'expected', expected: 'a marble diagram (string)', actual: renderValue(expected) })
  if (typeof values !== 'object' || values === null) issues.push({ path: 'values', expected: 'an object of events by marble key', actual: renderValue(values) })
  if (issues.length === 0) {
    const map = values as Readonly<Record<string, unknown>>
    for (const [path, marbles] of [['input', input as string] as const, ['expected', expected as string] as const]) {
      for (const key of new Set(keysOf(marbles))) {
        if (!(map[key] instanceof Event))
          issues.push({ path: `values.${key}`, expected: `an Event (key '${key}' is in ${path})`, actual: renderValue(map[key]) })
      }
    }
  }
  if (issues.length > 0) throw new EventValidationError(SUBJECT, issues)
}

/** The value keys of a marble diagram, read by RxJS's own parser (which also rejects a malformed diagram). */
function keysOf(marbles: string): string[] {
  return TestScheduler.parseMarbles(marbles, undefined, undefined, false, true).flatMap(({ notification: n }) => (n.kind === 'N' ? [String(n.value)] : []))
}
