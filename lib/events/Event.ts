import type * as t from 'io-ts'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { deepFreeze, isPlainObject } from '../internal/freeze'
import { issuesFromErrors } from '../internal/ioTsIssues'
import { describeThrown } from '../internal/render'
import { randomUuid } from '../internal/uuid'
import { EventPriority } from './EventPriority'
import { EventFields, everyIndex, isEventTypeName } from './fields'

// model

/**
 * What an event's payload may be: a plain object.
 *
 * @category events
 * @since 0.1.0
 */
export type Payload = object

/**
 * The init object of {@link Event}. Only `eventType` is required; `id`, `timestamp` and the
 * rest get defaults. `null` counts as absent (as the Python original sends `None`).
 *
 * @category events
 * @since 0.1.0
 */
export interface EventInit<P extends Payload = Record<string, unknown>, T extends string = string> {
  /** The event's type, `domain.action.state` (see `EVENT_TYPE_PATTERN`). Required; a literal is kept as the event's type parameter `T`. */
  readonly eventType: T
  /** Data of the event; default `{}`. Frozen (deeply, for plain objects and arrays) on construction. */
  readonly payload?: P | null
  /** Unique id; default a random UUID. Kept when an event is decoded or copied with `with`. */
  readonly id?: string | null
  /** Epoch milliseconds; default now. */
  readonly timestamp?: number | null
  /** Default `EventPriority.NORMAL`. */
  readonly priority?: EventPriority | null
  /** Who produced the event. */
  readonly source?: string | null
  /** Groups the events of one story, for example one document's processing. */
  readonly correlationId?: string | null
  /** Free-form metadata; default `{}`. `causationId` is set by `context.publish`. */
  readonly metadata?: Readonly<Record<string, unknown>> | null
  /** Trace ids carried along the story; default `[]`. */
  readonly traceIds?: readonly string[] | null
}

/**
 * The JSON form of an event (`event.toJSON()`), what the codecs decode. `kind` names the class.
 *
 * @category events
 * @since 0.1.0
 */
export interface EventJson {
  /** The class: `'Event'`, `'DocumentEvent'`, `'ValidationEvent'`, `'ErrorEvent'` or `'ProcessingEvent'`. */
  readonly kind: string
  /** The event's id. */
  readonly id: string
  /** The event's type. */
  readonly eventType: string
  /** The payload. */
  readonly payload: object
  /** Epoch milliseconds. */
  readonly timestamp: number
  /** The priority. */
  readonly priority: EventPriority
  /** Who produced it. */
  readonly source?: string
  /** The story it belongs to. */
  readonly correlationId?: string
  /** Metadata. */
  readonly metadata: Readonly<Record<string, unknown>>
  /** Trace ids. */
  readonly traceIds: readonly string[]
  /** The fields of subclasses (`documentId`, `errorType`, ...). */
  readonly [field: string]: unknown
}

const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({})
const EMPTY_ARRAY: readonly never[] = Object.freeze([])

/**
 * @internal The `EventValidationError` for an `init` that failed the fast checks, listing every
 * failing path of `init` under `fields`. Never throws: an init whose reading throws (a getter,
 * a Proxy trap) gets one issue at the root saying so.
 */
export function invalidInit(subject: string, fields: FieldsCodec, init: unknown): EventValidationError {
  let issues: ValidationIssue[]
  try {
    const result = fields.decode(init)
    issues =
      result._tag === 'Left'
        ? issuesFromErrors(result.left)
        : [{ path: '', expected: 'a valid event init object', actual: 'a value the class rejected', value: init }]
  } catch (error) {
    issues = [unreadable('', init, error)]
  }
  return new EventValidationError(subject, issues)
}

/** @internal The issue of a value whose reading threw (a getter, a Proxy trap): by the thrown value's kind only. */
export function unreadable(path: string, value: unknown, error: unknown): ValidationIssue {
  return { path, expected: 'plain data that can be read', actual: `reading it threw ${describeThrown(error)}`, value }
}

/**
 * What an event class checks its init with: an io-ts codec of its fields (for subclasses of
 * the built-in event classes).
 *
 * @category events
 * @since 0.1.0
 */
export interface FieldsCodec {
  /** The fast check. */
  is(u: unknown): boolean
  /** The full check, with every failing path. */
  decode(u: unknown): t.Validation<unknown>
}

/** @internal `null` → `undefined`, for optional fields. */
export const opt = <A>(a: A | null | undefined): A | undefined => (a === null ? undefined : a)

/**
 * An immutable, validated event: the unit that flows through the bus.
 *
 * Instances are frozen; the payload, metadata and trace ids are frozen too (plain objects and
 * arrays, deeply). A bad init throws {@link EventValidationError} at once, naming every failing
 * path. Copy with changes through {@link Event.with}.
 *
 * @example
 * const e = new Event({ eventType: 'test_event', payload: { key: 'value' }, correlationId: 'corr123' })
 * e.priority // 'normal'
 *
 * @typeParam P The payload's type.
 * @typeParam T The event's type name: inferred from a literal `eventType` (`Event<{ orderId: string }, 'order.placed'>`),
 *   so a typed bus can check it; `string` when it is not known.
 * @category events
 * @since 0.1.0
 */
export class Event<P extends Payload = Record<string, unknown>, T extends string = string> {
  /** The class name used in JSON (`toJSON().kind`); each subclass overrides it. */
  static readonly kind: string = 'Event'

  /** Unique id (a random UUID unless given). */
  readonly id: string
  /** The event's type, `domain.action.state`. */
  readonly eventType: T
  /** The event's data (frozen). */
  readonly payload: Readonly<P>
  /** Epoch milliseconds. */
  readonly timestamp: number
  /** How urgently it is handled. */
  readonly priority: EventPriority
  /** Who produced it. */
  readonly source?: string
  /** Groups the events of one story. */
  readonly correlationId?: string
  /** Free-form metadata (frozen); `causationId` names the event that caused this one. */
  readonly metadata: Readonly<Record<string, unknown>>
  /** Trace ids (frozen). */
  readonly traceIds: readonly string[]

  /**
   * @param init The event's fields; see {@link EventInit}.
   * @param fields For subclasses only: the io-ts codec of the most derived class's fields (leave it out).
   * @throws EventValidationError when a field is missing or malformed.
   */
  constructor(init: EventInit<P, T>, fields?: FieldsCodec) {
    // Each field is read once (a getter cannot pass the check and then return something else);
    // a getter or Proxy trap that throws is an EventValidationError, like any other bad init.
    let valid = false
    let eventType: unknown,
      payload: unknown,
      id: unknown,
      timestamp: unknown,
      priority: unknown,
      source: unknown,
      correlationId: unknown,
      metadata: unknown,
      traceIds: unknown
    try {
      if (isPlainObject(init) || init instanceof Event) {
        const fieldsOf: { readonly [K in keyof EventInit<Payload>]?: unknown } = init
        ;({ eventType, payload, id, timestamp, priority, source, correlationId, metadata, traceIds } = fieldsOf)
        // The fast exact check of the base fields (same rules as `EventFields`), on the values read once.
        valid =
          isEventTypeName(eventType) &&
          (payload == null || isPlainObject(payload)) &&
          (id == null || (typeof id === 'string' && id.length > 0)) &&
          (timestamp == null || (typeof timestamp === 'number' && Number.isFinite(timestamp))) &&
          (priority == null || priority === 'normal' || priority === 'immediate' || priority === 'deferred') &&
          (source == null || typeof source === 'string') &&
          (correlationId == null || typeof correlationId === 'string') &&
          (metadata == null || isPlainObject(metadata)) &&
          (traceIds == null || (Array.isArray(traceIds) && everyIndex(traceIds, (x) => typeof x === 'string'))) &&
          (fields === undefined || fields.is(init))
      }
    } catch {
      valid = false
    }
    if (!valid) throw invalidInit(`new ${new.target.name}(init)`, fields ?? EventFields, init)
    this.id = (id as string | null | undefined) ?? randomUuid()
    this.eventType = eventType as T
    this.payload = (payload == null ? EMPTY_OBJECT : deepFreeze(payload, 'payload', new.target)) as Readonly<P>
    this.timestamp = (timestamp as number | null | undefined) ?? Date.now()
    this.priority = (priority as EventPriority | null | undefined) ?? EventPriority.NORMAL
    if (source != null) this.source = source as string
    if (correlationId != null) this.correlationId = correlationId as string
    this.metadata = metadata == null ? EMPTY_OBJECT : deepFreeze(metadata as Readonly<Record<string, unknown>>, 'metadata', new.target)
    this.traceIds = traceIds == null ? EMPTY_ARRAY : deepFreeze(traceIds as readonly string[], 'traceIds', new.target)
    if (new.target === Event) Object.freeze(this)
  }

  /** The class name used in JSON: `'Event'`, `'DocumentEvent'`, ... */
  get kind(): string {
    return (this.constructor as typeof Event).kind
  }

  /**
   * A copy of this event, of the same class, with some fields replaced. The `id` and
   * `timestamp` are kept unless `changes` sets them.
   *
   * @example
   * const tagged = event.with({ metadata: { ...event.metadata, tenant: 'acme' } })
   *
   * @param changes The fields to replace (validated like a constructor init).
   * @returns A new, frozen event.
   * @throws EventValidationError when a changed field is malformed.
   */
  with(changes: Partial<EventInit<P>> & Readonly<Record<string, unknown>>): this {
    const Ctor = this.constructor as new (init: object) => this
    return new Ctor(Object.assign({}, this, changes)) // own fields, then the changes
  }

  /** The JSON form, with `kind` naming the class so `parseEvent` rebuilds the right one. */
  toJSON(): EventJson {
    return Object.assign({}, this, { kind: this.kind }) as unknown as EventJson
  }
}
