import type * as t from 'io-ts'
import { EventValidationError } from '../errors/EventValidationError'
import { deepFreeze, isPlainObject } from '../internal/freeze'
import { issuesFromErrors } from '../internal/ioTsIssues'
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
export interface EventInit<P extends Payload = Record<string, unknown>> {
  /** The event's type, `domain.action.state` (see `EVENT_TYPE_PATTERN`). Required. */
  readonly eventType: string
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

/** @internal Throws an `EventValidationError` listing every failing path of `init` under `fields`. */
export function invalidInit(subject: string, fields: FieldsCodec, init: unknown): EventValidationError {
  const result = fields.decode(init)
  const issues =
    result._tag === 'Left' ? issuesFromErrors(result.left) : [{ path: '', expected: 'a valid event init object', actual: 'a value the class rejected' }]
  return new EventValidationError(subject, issues)
}

/** @internal Fast exact check of the base fields (same rules as `EventFields`). */
function isValidBaseInit(init: { readonly [K in keyof EventInit<Payload>]?: unknown }): boolean {
  const { payload, id, timestamp, priority, source, correlationId, metadata, traceIds } = init
  return (
    isEventTypeName(init.eventType) &&
    (payload == null || isPlainObject(payload)) &&
    (id == null || (typeof id === 'string' && id.length > 0)) &&
    (timestamp == null || (typeof timestamp === 'number' && Number.isFinite(timestamp))) &&
    (priority == null || priority === 'normal' || priority === 'immediate' || priority === 'deferred') &&
    (source == null || typeof source === 'string') &&
    (correlationId == null || typeof correlationId === 'string') &&
    (metadata == null || isPlainObject(metadata)) &&
    (traceIds == null || (Array.isArray(traceIds) && everyIndex(traceIds, (x) => typeof x === 'string')))
  )
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
 * @category events
 * @since 0.1.0
 */
export class Event<P extends Payload = Record<string, unknown>> {
  /** The class name used in JSON (`toJSON().kind`); each subclass overrides it. */
  static readonly kind: string = 'Event'

  /** Unique id (a random UUID unless given). */
  readonly id: string
  /** The event's type, `domain.action.state`. */
  readonly eventType: string
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
  constructor(init: EventInit<P>, fields?: FieldsCodec) {
    const subject = `new ${new.target.name}(init)`
    if (!isPlainObject(init) && !(init instanceof Event)) {
      throw invalidInit(subject, EventFields, init)
    }
    if (!isValidBaseInit(init) || (fields !== undefined && !fields.is(init))) {
      throw invalidInit(subject, fields ?? EventFields, init)
    }
    this.id = init.id ?? randomUuid()
    this.eventType = init.eventType
    this.payload = (init.payload == null ? EMPTY_OBJECT : deepFreeze(init.payload)) as Readonly<P>
    this.timestamp = init.timestamp ?? Date.now()
    this.priority = init.priority ?? EventPriority.NORMAL
    if (init.source != null) this.source = init.source
    if (init.correlationId != null) this.correlationId = init.correlationId
    this.metadata = init.metadata == null ? EMPTY_OBJECT : deepFreeze(init.metadata)
    this.traceIds = init.traceIds == null ? EMPTY_ARRAY : deepFreeze(init.traceIds)
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
