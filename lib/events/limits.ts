/**
 * How deep the plain objects and arrays of an event field (`payload`, `metadata`, ...) may nest,
 * the field itself being level 1. Deeper values are an `EventValidationError`
 * (`payload: expected at most 1000 levels of nested objects and arrays`): `JSON.stringify`,
 * structured clone and most consumers recurse, and fail with a `RangeError` around 10,000 levels.
 *
 * @category events
 * @since 0.2.0
 */
export const MAX_NESTING_DEPTH = 1000
