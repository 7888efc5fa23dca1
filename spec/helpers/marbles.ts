import { TestScheduler, type RunHelpers } from 'rxjs/testing'

/** Runs `run` under a fresh TestScheduler whose assertions use jest's deep equality. */
export const marbles = <T>(run: (helpers: RunHelpers) => T): T =>
  new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected)
  }).run(run)

/** A fresh TestScheduler (for a bus's `scheduler` option). */
export const testScheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected)
  })
