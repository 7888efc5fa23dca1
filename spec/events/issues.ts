import { EventValidationError } from '../../lib'

/**
 * Runs `fn`, expects it to throw an `EventValidationError`, and returns that error (so a test
 * can assert on its `issues`). Fails the test when `fn` returns or throws something else.
 */
export function validationErrorOf(fn: () => unknown): EventValidationError {
  let thrown: unknown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  if (thrown === undefined) throw new Error('expected an EventValidationError, but nothing was thrown')
  expect(thrown).toBeInstanceOf(EventValidationError)
  return thrown as EventValidationError
}

/** The sorted failing paths of an `EventValidationError` thrown by `fn`. */
export const failingPaths = (fn: () => unknown): string[] => [...validationErrorOf(fn).paths].sort()

/** RFC 4122 version 4 UUID. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
