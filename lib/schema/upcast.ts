import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { isPlainObject } from '../internal/freeze'
import { describeThrown, renderValue } from '../internal/render'
import type { SchemaVersions } from './SchemaVersions'

/** The field of the wire form that carries an event's schema version (absent: version 1). */
export const SCHEMA_VERSION_FIELD = 'schemaVersion'

/**
 * @internal Checks a `schemaVersions` option: `undefined` gives none.
 * @throws EventValidationError naming each malformed entry.
 */
export function checkSchemaVersions(u: unknown, subject: string, path: string): SchemaVersions {
  if (u === undefined) return {}
  const issues: ValidationIssue[] = []
  if (!isPlainObject(u)) {
    issues.push({ path, expected: 'an object of event type to { version, upcasters } (SchemaVersions)', actual: renderValue(u) })
  } else {
    for (const [type, entry] of Object.entries(u)) {
      const at = `${path}['${type}']`
      const version = isPlainObject(entry) ? entry['version'] : undefined
      if (!Number.isSafeInteger(version) || (version as number) < 1) {
        issues.push({ path: `${at}.version`, expected: 'a whole number >= 1', actual: renderValue(version) })
        continue
      }
      const ups = (entry as Record<string, unknown>)['upcasters'] ?? {}
      for (let n = 1; n < (version as number); n++) {
        if (!isPlainObject(ups) || typeof ups[n] !== 'function') {
          issues.push({
            path: `${at}.upcasters.${n}`,
            expected: `a function from version ${n} to ${n + 1}`,
            actual: renderValue(isPlainObject(ups) ? ups[n] : ups),
          })
        }
      }
    }
  }
  if (issues.length > 0) throw new EventValidationError(subject, issues)
  return u as SchemaVersions
}

/**
 * @internal Brings the wire form of an event to the version this process knows: reads its
 * `schemaVersion` (absent: 1), runs the upcasters from there, and removes the field (an event
 * instance is always of the current version). Input of unversioned types, and anything that is
 * not a plain object, is returned as it is (the codecs report it).
 *
 * @throws EventValidationError when the event's version is newer than the one known (the message
 *   names both), is not a whole number >= 1, or an upcaster throws or returns no object.
 */
export function upcast(u: unknown, versions: SchemaVersions): unknown {
  if (!isPlainObject(u)) return u
  const type = u['eventType']
  const entry = typeof type === 'string' && Object.prototype.hasOwnProperty.call(versions, type) ? versions[type] : undefined
  const raw = u[SCHEMA_VERSION_FIELD]
  if (entry === undefined) return raw === undefined ? u : without(u)
  const version = raw ?? 1
  const subject = `decode '${type as string}'`
  if (!Number.isSafeInteger(version) || (version as number) < 1) {
    throw new EventValidationError(subject, [{ path: SCHEMA_VERSION_FIELD, expected: 'a whole number >= 1 (absent means 1)', actual: renderValue(version) }])
  }
  const known = entry.version
  if ((version as number) > known) {
    throw new EventValidationError(subject, [
      {
        path: SCHEMA_VERSION_FIELD,
        expected: `version ${known} or older: the event has version ${version as number}, this process knows '${type as string}' up to version ${known}`,
        actual: `version ${version as number}`,
      },
    ])
  }
  let json: Readonly<Record<string, unknown>> = without(u)
  for (let n = version as number; n < known; n++) {
    const up = entry.upcasters?.[n]
    let next: unknown
    try {
      if (up === undefined) throw new Error('no upcaster')
      next = up({ ...json })
    } catch (error) {
      throw new EventValidationError(subject, [
        {
          path: SCHEMA_VERSION_FIELD,
          expected: `an upcaster from version ${n} to ${n + 1} that returns an object (it threw ${describeThrown(error)})`,
          actual: `version ${n}`,
        },
      ])
    }
    if (!isPlainObject(next)) {
      throw new EventValidationError(subject, [
        { path: SCHEMA_VERSION_FIELD, expected: `an upcaster from version ${n} to ${n + 1} that returns an object`, actual: renderValue(next) },
      ])
    }
    json = next
  }
  return json
}

/**
 * @internal The wire form of an event with its version stamped (for encoding): the version this
 * process knows for its type, or the form unchanged for an unversioned type.
 */
export function stampVersion<J extends Readonly<Record<string, unknown>>>(json: J, versions: SchemaVersions): J {
  const type = json['eventType']
  const entry = typeof type === 'string' && Object.prototype.hasOwnProperty.call(versions, type) ? versions[type] : undefined
  return entry === undefined ? json : { ...json, [SCHEMA_VERSION_FIELD]: entry.version }
}

function without(u: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { [SCHEMA_VERSION_FIELD]: _, ...rest } = u
  return rest
}
