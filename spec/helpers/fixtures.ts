import { DocumentEvent, DocumentEventTypes, Event, EventBus, silentLogger, type EventBusOptions, type Logger } from '../../lib'

/** A promise with its resolve/reject exposed. */
export interface Deferred<T> {
  readonly promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** A started bus with a silent logger (override any option). */
export async function startedBus(options: EventBusOptions = {}): Promise<EventBus> {
  const bus = new EventBus({ logger: silentLogger, ...options })
  await bus.start()
  return bus
}

export const ev = (eventType: string, payload: Record<string, unknown> = {}, init: Partial<ConstructorParameters<typeof Event>[0]> = {}): Event =>
  new Event({ ...init, eventType, payload })

export const started = (documentId: string): DocumentEvent => new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId })

/** Resolves after pending microtasks and one macrotask turn (for promise-based handlers). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * `value` as an instance of `cls` (in place of an `as` cast): throws, failing the test, when it
 * is not one.
 */
export function instanceOf<T>(cls: abstract new (...args: never[]) => T, value: unknown): T {
  if (!(value instanceof cls)) throw new Error(`expected an instance of ${cls.name}, got ${String(value)}`)
  return value
}

/** `value` when it is neither null nor undefined (in place of a `!`): otherwise throws, failing the test. */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${String(value)}`)
  return value
}

/** One line a {@link recordingLogger} kept. */
export interface LogLine {
  readonly level: string
  readonly fields: Record<string, unknown>
  readonly message: string
}

/** A logger that keeps its lines (level, fields, message), for tests that assert on what the bus logs. */
export function recordingLogger(): { readonly lines: LogLine[]; readonly logger: Logger } {
  const lines: LogLine[] = []
  const at =
    (level: string) =>
    (fields: object, message?: string): void => {
      lines.push({ level, fields: fields as Record<string, unknown>, message: message ?? '' })
    }
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } }
}
