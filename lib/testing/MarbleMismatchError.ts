/**
 * Thrown by {@link testSaga} when what the saga emitted differs from the expected marbles. Its
 * message draws both diagrams one above the other and lists the first differing frames.
 *
 * @category testing
 * @since 0.2.0
 */
export class MarbleMismatchError extends Error {
  /** Always `'MarbleMismatchError'`. */
  override readonly name = 'MarbleMismatchError'

  /**
   * @param expectedMarbles The expectation, redrawn from its frames.
   * @param actualMarbles What was emitted, drawn with the expectation's keys (`?` for a value it does not list).
   * @param differences One line per differing frame.
   */
  constructor(
    readonly expectedMarbles: string,
    readonly actualMarbles: string,
    readonly differences: readonly string[],
  ) {
    super(
      [
        "the saga's output differs from the expected marbles",
        `  expected: ${expectedMarbles}`,
        `  actual:   ${actualMarbles}`,
        ...differences.map((line) => `  ${line}`),
      ].join('\n'),
    )
  }
}
