import { clip, describeThrown, escapeControl, renderValue } from '../../lib/internal/render'

/** An object whose reads are counted; throws past `budget` reads (so unbounded work fails at once). */
function counted<T extends object>(target: T, budget = 1000): { readonly value: T; readonly reads: () => number } {
  let reads = 0
  const value = new Proxy(target, {
    get(t, key, receiver) {
      if (++reads > budget) throw new Error('read too much')
      return Reflect.get(t, key, receiver) as unknown
    },
  })
  return { value, reads: () => reads }
}

describe('renderValue', () => {
  it.each([
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a string', 'ab', '"ab"'],
    ['a number', 1.5, '1.5'],
    ['-0', -0, '-0'],
    ['NaN', NaN, 'NaN'],
    ['a boolean', true, 'true'],
    ['a bigint', 10n, '10'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['a named function', function named() {}, 'function named'],
    ['an object', { a: 1, b: [1, 'x', null] }, '{"a":1,"b":[1,"x",null]}'],
    ['an object with undefined and function members', { a: undefined, f: () => 1, s: Symbol('x') }, '{}'],
    ['an array with undefined, a function and non-finite numbers', [undefined, () => 1, Infinity], '[null,null,null]'],
    ['a Date (its toJSON)', new Date(0), '"1970-01-01T00:00:00.000Z"'],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { k: 'v' }), '{"k":"v"}'],
  ])('renders %s as JSON would', (_label, value, rendered) => {
    expect(renderValue(value)).toBe(rendered)
  })

  it('cuts at max characters with …', () => {
    expect(renderValue('x'.repeat(100), 10)).toBe('"xxxxxxxx…')
    expect(renderValue({ k: 'x'.repeat(100) }, 10)).toHaveLength(10)
  })

  it('escapes control characters', () => {
    expect(renderValue('a\u001b[2J\n')).toBe('"a\\u001b[2J\\n"')
    expect(renderValue({ ['k\u0007']: 1 })).toBe('{"k\\u0007":1}')
  })

  it('renders a sparse array of length 2 ** 32 - 1 in bounded work (counted reads)', () => {
    const target: unknown[] = []
    target.length = 2 ** 32 - 1
    const { value, reads } = counted(target)
    expect(renderValue(value)).toMatch(/^\[null,null,.*…$/)
    expect(reads()).toBeLessThan(100)
  })

  it('renders an object of 100,000 keys and a 1 MB string without stringifying them whole', () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key${i}`, 'x'.repeat(100)]))
    expect(renderValue(wide)).toHaveLength(60)
    const { value, reads } = counted(wide)
    renderValue(value)
    expect(reads()).toBeLessThan(10)
    expect(renderValue({ big: 'y'.repeat(1_000_000) })).toHaveLength(60)
  })

  it('renders a value nested 100,000 deep without a RangeError (bounded by its length)', () => {
    let deep: unknown = {}
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(renderValue(deep)).toBe(`${'['.repeat(59)}…`)
  })

  it('renders a cyclic value by its tag (as JSON.stringify refuses it)', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    expect(renderValue(cyclic)).toBe('[object Object]')
  })

  it('renders a value holding a bigint by its tag', () => {
    expect(renderValue({ n: 1n })).toBe('[object Object]')
  })

  it('never throws: a Proxy whose traps throw, a revoked Proxy, a throwing toJSON, a function whose name getter throws', () => {
    const throwing = new Proxy(
      {},
      {
        get() {
          throw new Error('secret')
        },
      },
    )
    expect(renderValue(throwing)).toBe('[unreadable value]')
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    expect(renderValue(proxy)).toBe('[unreadable value]')
    expect(
      renderValue({
        toJSON() {
          throw new Error('secret')
        },
      }),
    ).toBe('[object Object]')
    const fn = Object.defineProperty(() => 1, 'name', {
      get() {
        throw new Error('secret')
      },
    })
    expect(renderValue(fn)).toBe('function <anonymous>')
    expect(renderValue(Object.defineProperty(() => 1, 'name', { value: '' }))).toBe('function <anonymous>')
  })
})

describe('describeThrown', () => {
  it('names an Error by its name only, never its message', () => {
    expect(describeThrown(new TypeError('078-05-1120'))).toBe('TypeError')
  })

  it('names anything else by its type', () => {
    expect(describeThrown('078-05-1120')).toBe('string')
    expect(describeThrown(null)).toBe('null')
    expect(describeThrown(undefined)).toBe('undefined')
    expect(describeThrown({ message: 'x' })).toBe('object')
  })

  it('escapes and cuts an error name, and survives a name that is not a string or a Proxy that throws', () => {
    const named = Object.assign(new Error('m'), { name: `Evil\n${'x'.repeat(100)}` })
    expect(describeThrown(named)).toMatch(/^Evil\\u000ax+…$/)
    expect(describeThrown(named)).toHaveLength(60)
    expect(describeThrown(Object.assign(new Error('m'), { name: 42 }))).toBe('Error')
    const proxy = new Proxy(new Error('m'), {
      getPrototypeOf() {
        throw new Error('no')
      },
    })
    expect(describeThrown(proxy)).toBe('object')
  })
})

describe('clip and escapeControl', () => {
  it('leaves a short clean string alone', () => {
    expect(clip('abc', 10)).toBe('abc')
    expect(escapeControl('abc')).toBe('abc')
  })

  it('cuts after escaping, and only reads what it needs of a huge string', () => {
    expect(clip('\n'.repeat(1_000_000), 13)).toBe('\\u000a\\u000a…')
  })
})
