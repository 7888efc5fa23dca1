import type { StandardSchemaV1 } from '@standard-schema/spec'
import type * as t from 'io-ts'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { isPlainObject } from '../internal/freeze'
import { issuesFromErrors } from '../internal/ioTsIssues'
import { clip, describeThrown, renderValue } from '../internal/render'
import { isStandardSchema, issuesFromStandard } from '../internal/standardSchemaIssues'

// model

/**
 * A validator of an event's payload: an io-ts decoder, or any
 * [Standard Schema](https://standardschema.dev) v1 validator (zod, valibot, ArkType, ...).
 * A validator checks; it does not transform: the event keeps its payload as published, whatever
 * the validator's output (defaults, coercions, stripped keys) would be.
 *
 * @example
 * import { z } from 'zod'
 * const schemas: PayloadSchemas = { 'user.account.created': z.object({ name: z.string() }) }
 *
 * @category codecs
 * @since 0.2.0
 */
export type PayloadSchema = t.Decoder<unknown, unknown> | StandardSchemaV1

/**
 * Payload validators by event type, as taken by `ValidationMiddleware({ schemas })` and
 * `parseEvent(u, { schemas })`. Only own keys count (an event type `'constructor'` does not find
 * `Object.prototype.constructor`).
 *
 * @category codecs
 * @since 0.2.0
 */
export type PayloadSchemas = Readonly<Record<string, PayloadSchema>>

/** A null-prototype copy of checked schemas. */
type SchemaTable = Readonly<Record<string, PayloadSchema | undefined>>

const NO_SCHEMAS: SchemaTable = Object.freeze(Object.create(null) as SchemaTable)

// constructors

/**
 * @internal Checks a `schemas` option (absent, or a plain object of io-ts decoders and Standard
 * Schema validators) and copies it, so later changes to the caller's object do not count.
 *
 * @param subject What is being configured, for the error (`'new ValidationMiddleware(options)'`).
 * @param u The option's value.
 * @throws EventValidationError naming each bad entry (`options.schemas['user.created']`).
 */
export function checkSchemas(subject: string, u: unknown): SchemaTable {
  if (u === undefined) return NO_SCHEMAS
  const table = Object.create(null) as Record<string, PayloadSchema>
  if (!isPlainObject(u)) {
    throw new EventValidationError(subject, [{ path: 'options.schemas', expected: 'an object of validators by event type', actual: renderValue(u), value: u }])
  }
  const issues: ValidationIssue[] = []
  for (const eventType of Object.keys(u)) {
    const schema = u[eventType]
    if (isStandardSchema(schema) || isDecoder(schema)) table[eventType] = schema
    else {
      issues.push({
        path: `options.schemas['${clip(eventType, 100)}']`,
        expected: 'an io-ts codec or a Standard Schema validator (zod, valibot, ArkType)',
        actual: renderValue(schema),
        value: schema,
      })
    }
  }
  if (issues.length > 0) throw new EventValidationError(subject, issues)
  return Object.freeze(table)
}

function isDecoder(u: unknown): u is t.Decoder<unknown, unknown> {
  return typeof u === 'object' && u !== null && typeof (u as { readonly decode?: unknown }).decode === 'function'
}

// destructors

/**
 * @internal Validates a payload; the issues have paths under `payload`, and say what is
 * expected without the value. Synchronous for io-ts and for a Standard Schema validator that
 * answers at once; a `PromiseLike` (which never rejects) for one that returns a Promise. A
 * validator that throws is one issue at `payload`.
 */
export function payloadIssues(schema: PayloadSchema, payload: unknown): readonly ValidationIssue[] | PromiseLike<readonly ValidationIssue[]> {
  try {
    if (isStandardSchema(schema)) {
      const { vendor } = schema['~standard']
      const result = schema['~standard'].validate(payload)
      if (result instanceof Promise) {
        return result.then(
          (settled) => standardIssues(settled, payload, vendor),
          (error: unknown) => [threw(payload, error)],
        )
      }
      return standardIssues(result, payload, vendor)
    }
    const result = schema.decode(payload)
    return result._tag === 'Right'
      ? []
      : issuesFromErrors(result.left).map((issue) => ({ ...issue, path: issue.path === '' ? 'payload' : `payload.${issue.path}` }))
  } catch (error) {
    return [threw(payload, error)]
  }
}

function standardIssues(result: StandardSchemaV1.Result<unknown>, payload: unknown, vendor: string): readonly ValidationIssue[] {
  try {
    const { issues } = result
    if (issues === undefined || (issues as unknown) === null || (issues as unknown) === false) return []
    if (issues.length === 0) return [{ path: 'payload', expected: 'a payload its validator accepts', actual: 'a failure without issues', value: payload }]
    return issuesFromStandard(issues, payload, typeof vendor === 'string' ? vendor : 'Standard Schema', 'payload')
  } catch (error) {
    return [threw(payload, error)]
  }
}

function threw(payload: unknown, error: unknown): ValidationIssue {
  return { path: 'payload', expected: 'a payload its validator can check', actual: `the validator threw ${describeThrown(error)}`, value: payload }
}
