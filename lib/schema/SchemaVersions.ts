// Types of schema evolution: an event type's current version and the upcasters from older ones.

/**
 * Turns the JSON form of an event at one version into the next version's (`n` → `n + 1`). It
 * receives a copy it may change or replace, without `schemaVersion`; the payload is the usual
 * place of change. A throw is an `EventValidationError` naming the versions (a dead letter
 * `'invalid'` for an inbound message).
 *
 * @example
 * // v1 had { name }, v2 has { firstName, lastName }
 * const v1ToV2: Upcaster = (json) => {
 *   const { name, ...rest } = json.payload as { name: string }
 *   const [firstName, lastName = ''] = name.split(' ')
 *   return { ...json, payload: { ...rest, firstName, lastName } }
 * }
 *
 * @category schema
 * @since 0.2.0
 */
export type Upcaster = (json: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>

/**
 * One event type's schema: its current `version` (a whole number >= 1; an event without
 * `schemaVersion` is version 1) and an upcaster from each older version to the next.
 *
 * @category schema
 * @since 0.2.0
 */
export interface SchemaEntry {
  /** The version this process writes and its handlers see. */
  readonly version: number
  /** `upcasters[n]` turns version `n` into version `n + 1`, for every `n` from 1 to `version - 1`. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>
}

/**
 * The schema versions a process knows, by event type: the one place of schema evolution. Give
 * the same object to every decode and encode path: `parseEvent(u, { schemaVersions })`,
 * `encodeEvent(e, { schemaVersions })` and `natsTransport({ ..., schemaVersions })` (whose
 * inbound messages and `bus.history$` are decoded with it). Event types not listed are not
 * versioned.
 *
 * @example
 * const schemaVersions: SchemaVersions = { 'user.account.created': { version: 2, upcasters: { 1: v1ToV2 } } }
 *
 * @category schema
 * @since 0.2.0
 */
export type SchemaVersions = Readonly<Record<string, SchemaEntry>>
