import * as t from 'io-ts'
import { firstValueFrom, from, toArray } from 'rxjs'
import * as v from 'valibot'
import { z } from 'zod'
import { Event, EventValidationError, ValidationMiddleware } from '../../lib'
import { validationErrorOf } from '../events/issues'

describe('ValidationMiddleware with Standard Schema validators (#14)', () => {
  const schemas = {
    'user.account.created': z.object({ name: z.string(), age: z.number() }),
    'user.account.renamed': v.object({ name: v.pipe(v.string(), v.minLength(3)) }),
    'user.account.deleted': t.type({ id: t.string }),
  }
  const mw = new ValidationMiddleware({ schemas })

  it('passes a valid event unchanged (the same instance), whatever the validator', () => {
    for (const e of [
      new Event({ eventType: 'user.account.created', payload: { name: 'Ada', age: 36, extra: 1 } }),
      new Event({ eventType: 'user.account.renamed', payload: { name: 'Ada' } }),
      new Event({ eventType: 'user.account.deleted', payload: { id: 'u1' } }),
    ]) {
      expect(mw.process(e)).toBe(e)
    }
  })

  it('zod: names every failing path under payload', () => {
    const error = validationErrorOf(() => mw.process(new Event({ eventType: 'user.account.created', payload: { name: 1 } })))
    expect([...error.paths].sort()).toEqual(['payload.age', 'payload.name'])
    expect(error.message).toContain('payload.name: expected string')
  })

  it('valibot: the expectation without the value, the vendor message in detail', () => {
    const error = validationErrorOf(() => mw.process(new Event({ eventType: 'user.account.renamed', payload: { name: 'Al' } })))
    expect(error.issues).toEqual([expect.objectContaining({ path: 'payload.name', expected: '>=3', value: 'Al', actual: '"Al"' })])
    expect(error.issues[0].detail).toContain('2')
    expect(error.message).not.toContain('Al"')
  })

  it('a zod issue without an expected field is described by vendor and code', () => {
    const strict = new ValidationMiddleware({ schemas: { 'a.b': z.object({ n: z.number().min(5) }) } })
    const error = validationErrorOf(() => strict.process(new Event({ eventType: 'a.b', payload: { n: 1 } })))
    expect(error.issues[0].expected).toBe('a value the zod schema accepts (too_small)')
  })

  it('returns a Promise of the event for an asynchronous validator (async zod refinement)', async () => {
    const asyncMw = new ValidationMiddleware({ schemas: { 'a.b': z.object({ n: z.number() }).refine(async (p) => Promise.resolve(p.n > 0), { path: ['n'] }) } })
    const good = new Event({ eventType: 'a.b', payload: { n: 1 } })
    const out = asyncMw.process(good)
    expect(out).toBeInstanceOf(Promise)
    await expect(out).resolves.toBe(good)
    const bad = asyncMw.process(new Event({ eventType: 'a.b', payload: { n: -1 } }))
    await expect(bad).rejects.toBeInstanceOf(EventValidationError)
    await expect(bad).rejects.toHaveProperty('paths', ['payload.n'])
  })

  it('a validator that throws or rejects is an EventValidationError at payload, naming the thrown kind only', async () => {
    const throwing = {
      '~standard': {
        version: 1 as const,
        vendor: 'mine',
        validate: () => {
          throw new Error('078-05-1120')
        },
      },
    }
    const rejecting = { '~standard': { version: 1 as const, vendor: 'mine', validate: () => Promise.reject(new RangeError('078-05-1120')) } }
    const e = new Event({ eventType: 'a.b', payload: {} })
    const sync = validationErrorOf(() => new ValidationMiddleware({ schemas: { 'a.b': throwing } }).process(e))
    expect(sync.issues[0]).toEqual(expect.objectContaining({ path: 'payload', actual: 'the validator threw Error' }))
    expect(sync.message).not.toContain('078')
    await expect(new ValidationMiddleware({ schemas: { 'a.b': rejecting } }).process(e)).rejects.toHaveProperty('issues', [
      expect.objectContaining({ path: 'payload', actual: 'the validator threw RangeError' }),
    ])
  })

  it('an io-ts decoder that throws is an EventValidationError at payload too', () => {
    const decode = (): never => {
      throw new Error('x')
    }
    const broken = { name: 'broken', validate: decode, decode } as unknown as t.Decoder<unknown, unknown>
    expect(validationErrorOf(() => new ValidationMiddleware({ schemas: { 'a.b': broken } }).process(new Event({ eventType: 'a.b' }))).paths).toEqual([
      'payload',
    ])
  })

  it('a Standard Schema path with { key } segments and symbols, and a path into a value that is not there', () => {
    const sym = Symbol('s')
    const custom = {
      '~standard': {
        version: 1 as const,
        vendor: 'mine',
        validate: () => ({ issues: [{ message: 'm', path: [{ key: 'a' }, 0, sym] }, { message: 'root' }, { message: 'x', path: ['missing', 'deeper'] }] }),
      },
    }
    const error = validationErrorOf(() =>
      new ValidationMiddleware({ schemas: { 'a.b': custom } }).process(new Event({ eventType: 'a.b', payload: { a: [{}] } })),
    )
    expect(error.paths).toEqual(['payload.a.0.s', 'payload', 'payload.missing.deeper'])
    expect(error.issues[1].value).toEqual({ a: [{}] })
    expect(error.issues[2].value).toBeUndefined()
    expect(error.issues[0].expected).toBe('a value the mine schema accepts')
  })

  it('runs a pipeline of async validation in a stream (operator())', async () => {
    const asyncMw = new ValidationMiddleware({ schemas: { 'a.b': z.object({ n: z.number() }).refine(async () => Promise.resolve(true)) } })
    const values = [new Event({ eventType: 'a.b', payload: { n: 1 } }), new Event({ eventType: 'a.b', payload: { n: 2 } })]
    expect(await firstValueFrom(from(values).pipe(asyncMw.operator(), toArray()))).toEqual(values)
  })

  it.each([
    ['a string', 'nope'],
    ['an array', [1]],
    ['null', null],
  ])('refuses schemas that are %s', (_label, schemas) => {
    const error = validationErrorOf(() => new ValidationMiddleware({ schemas: schemas as unknown as Record<string, t.Decoder<unknown, unknown>> }))
    expect(error.paths).toEqual(['options.schemas'])
    expect(error.subject).toBe('new ValidationMiddleware(options)')
  })

  it('refuses each schemas entry that is neither an io-ts codec nor a Standard Schema validator, naming it', () => {
    const error = validationErrorOf(
      () =>
        new ValidationMiddleware({
          schemas: { 'a.b': { parse: () => 1 }, 'c.d': null, 'e.f': { '~standard': { version: 2, validate: () => ({}) } } } as never,
        }),
    )
    expect(error.paths).toEqual(["options.schemas['a.b']", "options.schemas['c.d']", "options.schemas['e.f']"])
  })

  it('copies the schemas at construction', () => {
    const table: Record<string, t.Decoder<unknown, unknown>> = {}
    const late = new ValidationMiddleware({ schemas: table })
    table['a.b'] = t.type({ n: t.number })
    const e = new Event({ eventType: 'a.b' })
    expect(late.process(e)).toBe(e)
  })
})
