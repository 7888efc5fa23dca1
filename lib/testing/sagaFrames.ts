import type { ObservableNotification } from 'rxjs'
import { Event } from '../events/Event'
import { renderValue } from '../internal/render'
import { deepEqual } from './deepEqual'
import { drawMarbles } from './drawMarbles'
import { MarbleMismatchError } from './MarbleMismatchError'

/** @internal One notification at its frame, as `TestScheduler` hands them to its assertion. */
export interface Frame {
  readonly frame: number
  readonly notification: ObservableNotification<unknown>
}

/** How many differing frames a mismatch lists. */
const MAX_DIFFERENCES = 5

/** Gaps up to this many frames are drawn as dashes. */
const DASHES_UP_TO = 20

/**
 * @internal What of a saga's event `testSaga` compares by default: its JSON form without `id`
 * and `timestamp` (which differ on every run), so class, type, payload, priority, source,
 * correlation and metadata all count. A value that is not an `Event` is compared as it is.
 */
export function comparableEvent(value: unknown): unknown {
  if (!(value instanceof Event)) return value
  const json = Object.entries((value as Event<object>).toJSON())
  return Object.fromEntries(json.filter(([key]) => key !== 'id' && key !== 'timestamp'))
}

/**
 * @internal The default assertion of `testSaga`: structural equality of the two frame lists;
 * on a difference it throws a {@link MarbleMismatchError} drawn with the keys of `values`
 * (already passed through the comparison's `select`).
 */
export function assertFrames(values: Readonly<Record<string, unknown>>): (actual: unknown, expected: unknown) => void {
  return (actual, expected) => {
    const got = actual as readonly Frame[]
    const want = expected as readonly Frame[]
    if (deepEqual(got, want)) return
    throw new MarbleMismatchError(draw(want, values), draw(got, values), differences(got, want, values))
  }
}

function draw(frames: readonly Frame[], values: Readonly<Record<string, unknown>>): string {
  return drawMarbles(
    frames.map(({ frame, notification }) => ({ frame, symbol: symbolOf(notification, values) })),
    DASHES_UP_TO,
  )
}

function symbolOf(n: ObservableNotification<unknown>, values: Readonly<Record<string, unknown>>): string {
  if (n.kind === 'C') return '|'
  if (n.kind === 'E') return '#'
  return keyOf(n.value, values) ?? '?'
}

/** The key of `values` whose value equals `value`; a one-character string is its own key (rxjs's default values). */
function keyOf(value: unknown, values: Readonly<Record<string, unknown>>): string | undefined {
  const key = Object.keys(values).find((k) => deepEqual(values[k], value))
  if (key !== undefined) return key
  return typeof value === 'string' && value.length === 1 ? value : undefined
}

function differences(got: readonly Frame[], want: readonly Frame[], values: Readonly<Record<string, unknown>>): string[] {
  const lines: string[] = []
  for (let i = 0; i < Math.max(got.length, want.length) && lines.length < MAX_DIFFERENCES; i++) {
    const a = got.at(i)
    const e = want.at(i)
    if (a !== undefined && e !== undefined && deepEqual(a, e)) continue
    lines.push(`expected ${describe(e, values)}, got ${describe(a, values)}`)
  }
  return lines
}

function describe(f: Frame | undefined, values: Readonly<Record<string, unknown>>): string {
  if (f === undefined) return 'nothing more'
  const n = f.notification
  const what =
    n.kind === 'C' ? 'complete' : n.kind === 'E' ? `error ${renderError(n.error)}` : `${keyOf(n.value, values) ?? '?'} = ${renderValue(n.value, 160)}`
  return `${what} at frame ${f.frame}`
}

function renderError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : renderValue(error, 160)
}
