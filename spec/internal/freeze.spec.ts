import { EventValidationError, MAX_NESTING_DEPTH } from '../../lib'
import { deepFreeze } from '../../lib/internal/freeze'
import { validationErrorOf } from '../events/issues'

/** `{ a: { a: ... { leaf } } }`, `levels` objects deep (the outer one is level 1), built without recursion. */
function nested(levels: number, leaf: Record<string, unknown> = {}): Record<string, unknown> {
  let value = leaf
  for (let i = 1; i < levels; i++) value = { a: value }
  return value
}

const owner = { name: 'Event' }

describe('deepFreeze', () => {
  it('freezes plain objects and arrays deeply and returns the same value', () => {
    const value = { a: { b: [{ c: 1 }] }, d: [1, [2]] }
    expect(deepFreeze(value, 'payload', owner)).toBe(value)
    expect(Object.isFrozen(value)).toBe(true)
    expect(Object.isFrozen(value.a)).toBe(true)
    expect(Object.isFrozen(value.a.b)).toBe(true)
    expect(Object.isFrozen(value.a.b[0])).toBe(true)
    expect(Object.isFrozen(value.d[1])).toBe(true)
  })

  it('leaves class instances, Dates and primitives as they are', () => {
    const date = new Date(0)
    const map = new Map<string, number>()
    const value = { date, map }
    deepFreeze(value, 'payload', owner)
    expect(Object.isFrozen(date)).toBe(false)
    expect(Object.isFrozen(map)).toBe(false)
    expect(deepFreeze(3, 'payload', owner)).toBe(3)
    expect(deepFreeze(null, 'payload', owner)).toBeNull()
  })

  describe('depth limit (#13 item 13)', () => {
    it('accepts exactly MAX_NESTING_DEPTH (1000) levels', () => {
      expect(MAX_NESTING_DEPTH).toBe(1000)
      const value = nested(1000)
      expect(() => deepFreeze(value, 'payload', owner)).not.toThrow()
      expect(Object.isFrozen(value)).toBe(true)
    })

    it.each([1001, 10_000, 200_000])('refuses %i levels with an EventValidationError (not a RangeError) naming the field', (levels) => {
      const error = validationErrorOf(() => deepFreeze(nested(levels), 'payload', owner))
      expect(error.issues).toEqual([expect.objectContaining({ path: 'payload', actual: 'nested deeper than 1000' })])
      expect(error.message).toBe('new Event(init): invalid input, 1 problem: payload: expected at most 1000 levels of nested objects and arrays')
    })

    it('counts arrays as levels too', () => {
      let value: unknown[] = []
      for (let i = 1; i < 1001; i++) value = [value]
      expect(validationErrorOf(() => deepFreeze(value, 'metadata', owner)).paths).toEqual(['metadata'])
    })

    it('freezes nothing when it refuses, so a second try is refused too', () => {
      const value = nested(1001)
      expect(() => deepFreeze(value, 'payload', owner)).toThrow(EventValidationError)
      expect(Object.isFrozen(value)).toBe(false)
      expect(Object.isFrozen(value['a'])).toBe(false)
      expect(() => deepFreeze(value, 'payload', owner)).toThrow(EventValidationError)
    })

    it('takes the limit as a parameter', () => {
      expect(() => deepFreeze(nested(3), 'p', owner, 3)).not.toThrow()
      expect(validationErrorOf(() => deepFreeze(nested(4), 'p', owner, 3)).issues[0].expected).toBe('at most 3 levels of nested objects and arrays')
    })
  })

  describe('shared and cyclic nodes', () => {
    it('freezes a cyclic value (each node once)', () => {
      const value: Record<string, unknown> = { x: 1 }
      value['self'] = value
      value['child'] = { parent: value }
      expect(deepFreeze(value, 'payload', owner)).toBe(value)
      expect(Object.isFrozen(value['child'])).toBe(true)
    })

    it('walks a node shared 2 ** 40 ways once (a DAG 40 levels deep returns at once)', () => {
      let value: Record<string, unknown> = { leaf: true }
      for (let i = 0; i < 40; i++) value = { left: value, right: value }
      deepFreeze(value, 'payload', owner)
      expect(Object.isFrozen(value)).toBe(true)
    })

    it('dedupes with a Set past 16 nodes (wide objects of shared children)', () => {
      const shared = { s: 1 }
      const value = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i % 2 === 0 ? shared : { i }]))
      deepFreeze(value, 'payload', owner)
      expect(Object.isFrozen(shared)).toBe(true)
      expect(Object.isFrozen(value['k1'])).toBe(true)
    })

    it('takes an already frozen value as walked', () => {
      const inner = { mutable: { x: 1 } }
      const frozen = Object.freeze({ inner })
      deepFreeze({ frozen }, 'payload', owner)
      expect(Object.isFrozen(inner)).toBe(false)
    })
  })

  describe('sparse and large arrays (#13 item 14)', () => {
    it('returns at once for an array of length 2 ** 32 - 1 (visits what it holds, not its holes)', () => {
      const huge: unknown[] = []
      huge.length = 2 ** 32 - 1
      huge[7] = { x: 1 }
      huge[2 ** 32 - 2] = [{ y: 2 }]
      const value = { huge }
      deepFreeze(value, 'payload', owner) // jest's timeout is the guard: walking the holes takes minutes
      expect(Object.isFrozen(huge)).toBe(true)
      expect(Object.isFrozen(huge[7])).toBe(true)
      expect(Object.isFrozen((huge[2 ** 32 - 2] as unknown[])[0])).toBe(true)
    })

    it('returns at once for new Array(1e8)', () => {
      const value = { holes: new Array<unknown>(1e8) }
      deepFreeze(value, 'payload', owner)
      expect(Object.isFrozen(value.holes)).toBe(true)
    })

    it('freezes every element of a long dense array (walked by its keys)', () => {
      const long = Array.from({ length: 5000 }, (_, i) => ({ i }))
      deepFreeze(long, 'payload', owner)
      expect(long.every((x) => Object.isFrozen(x))).toBe(true)
    })
  })

  describe('values that throw when read (#13 item 13)', () => {
    it('turns a throwing getter into an EventValidationError at its path, without its message', () => {
      const value = {
        ok: {
          list: [
            {},
            {
              get ssn(): string {
                throw new Error('078-05-1120')
              },
            },
          ],
        },
      }
      const error = validationErrorOf(() => deepFreeze(value, 'payload', owner))
      expect(error.issues).toEqual([
        expect.objectContaining({ path: 'payload.ok.list.1.ssn', expected: 'plain data that can be read', actual: 'reading it threw Error' }),
      ])
      expect(error.issues[0].value).toBe(value)
      expect(error.message).not.toContain('078-05-1120')
      expect(Object.isFrozen(value)).toBe(false)
    })

    it('turns a Proxy whose traps throw into an EventValidationError', () => {
      const hostile = new Proxy(
        {},
        {
          ownKeys() {
            throw new TypeError('no keys')
          },
        },
      )
      const error = validationErrorOf(() => deepFreeze({ inner: { hostile } }, 'payload', owner))
      expect(error.paths).toEqual(['payload.inner.hostile'])
      expect(error.issues[0].actual).toBe('reading it threw TypeError')
    })

    it('reports at the field when a trap throws only once (the diagnosing walk finds nothing)', () => {
      let calls = 0
      const flaky = new Proxy(
        {},
        {
          ownKeys(target) {
            if (calls++ === 0) throw new Error('once')
            return Reflect.ownKeys(target)
          },
        },
      )
      expect(validationErrorOf(() => deepFreeze({ flaky }, 'payload', owner)).paths).toEqual(['payload'])
    })

    it('names a thrown value that is not an Error by its type, and survives a Proxy thrown', () => {
      const throwing = (thrown: unknown): object => ({
        get x(): never {
          throw thrown
        },
      })
      expect(validationErrorOf(() => deepFreeze(throwing('secret'), 'p', owner)).issues[0].actual).toBe('reading it threw string')
      expect(validationErrorOf(() => deepFreeze(throwing(null), 'p', owner)).issues[0].actual).toBe('reading it threw null')
      const proxy = new Proxy(
        {},
        {
          getPrototypeOf() {
            throw new Error('no prototype')
          },
        },
      )
      expect(validationErrorOf(() => deepFreeze(throwing(proxy), 'p', owner)).issues[0].actual).toBe('reading it threw object')
    })

    it('reports a Proxy whose freeze (defineProperty) fails at the field', () => {
      const frozenless = new Proxy(
        {},
        {
          preventExtensions() {
            throw new Error('stay open')
          },
        },
      )
      // The proxy is plain-looking (its target is a {}), so it is walked and then frozen.
      expect(validationErrorOf(() => deepFreeze({ frozenless }, 'payload', owner)).paths).toEqual(['payload'])
    })
  })
})
