import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import {
  AnyEventCodec,
  DocumentEventCodec,
  ErrorEventCodec,
  Event,
  EventCodec,
  ProcessingEvent,
  ProcessingEventCodec,
  ValidationEventCodec,
  eventCodec,
  parseEvent,
  type EventInit,
} from '../../lib'
import { validationErrorOf } from './issues'

/** `{ a: { a: ... {} } }`, `levels` objects deep, built without recursion. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {}
  for (let i = 1; i < levels; i++) value = { a: value }
  return value
}

/** The same as JSON text, built without recursion. */
const nestedJson = (levels: number): string => `{"eventType":"a.b","payload":${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}}`

const throwingGetter = (): Record<string, unknown> => ({
  get secret(): never {
    throw new Error('078-05-1120')
  },
})

const throwingProxy = (): object =>
  new Proxy(
    {},
    {
      getPrototypeOf() {
        throw new Error('078-05-1120')
      },
      ownKeys() {
        throw new Error('078-05-1120')
      },
      get() {
        throw new Error('078-05-1120')
      },
      has() {
        throw new Error('078-05-1120')
      },
      getOwnPropertyDescriptor() {
        throw new Error('078-05-1120')
      },
    },
  )

/** Inputs that used to escape as RangeError or a raw error (#13 item 13). */
const HOSTILE: ReadonlyArray<readonly [string, () => unknown, string]> = [
  ['a payload nested 10,000 deep', () => ({ eventType: 'a.b', payload: nested(10_000) }), 'payload'],
  ['metadata nested 10,000 deep', () => ({ eventType: 'a.b', metadata: nested(10_000) }), 'metadata'],
  ['a payload with a throwing getter', () => ({ eventType: 'a.b', payload: { ok: throwingGetter() } }), 'payload.ok.secret'],
  ['a payload that is a Proxy with throwing traps', () => ({ eventType: 'a.b', payload: throwingProxy() }), 'payload'],
  ['a nested Proxy with throwing traps', () => ({ eventType: 'a.b', payload: { deep: { p: throwingProxy() } } }), 'payload.deep.p'],
  [
    'a payload Proxy whose isExtensible trap throws',
    () => ({
      eventType: 'a.b',
      payload: new Proxy(
        {},
        {
          isExtensible() {
            throw new Error('078-05-1120')
          },
        },
      ),
    }),
    'payload',
  ],
  [
    'an init with a throwing getter',
    () =>
      Object.defineProperty({ eventType: 'a.b' }, 'payload', {
        get: () => {
          throw new Error('078-05-1120')
        },
        enumerable: true,
      }),
    '',
  ],
  ['an init that is a Proxy with throwing traps', () => throwingProxy(), ''],
]

describe('hostile input to the Event constructor, the codecs and parseEvent (#13 item 13)', () => {
  it.each(HOSTILE)('new Event(%s) throws an EventValidationError at the failing path', (_label, make, path) => {
    const error = validationErrorOf(() => new Event(make() as EventInit))
    expect(error.paths).toEqual([path])
    expect(error.message).not.toContain('078-05-1120')
  })

  it.each(HOSTILE)('AnyEventCodec.decode(%s) returns a Left, never throws', (_label, make, path) => {
    const result = AnyEventCodec.decode(make())
    expect(E.isLeft(result)).toBe(true)
    const error = validationErrorOf(() => parseEvent(make()))
    expect(error.paths).toEqual([path])
  })

  it.each([
    ['EventCodec', EventCodec],
    ['DocumentEventCodec', DocumentEventCodec],
    ['ValidationEventCodec', ValidationEventCodec],
    ['ErrorEventCodec', ErrorEventCodec],
    ['ProcessingEventCodec', ProcessingEventCodec],
  ] as const)('%s.decode returns a Left for every hostile input', (_name, codec) => {
    for (const [, make] of HOSTILE) expect(E.isLeft(codec.decode(make()))).toBe(true)
    expect(codec.is(throwingProxy())).toBe(false)
  })

  it('AnyEventCodec.is is false, not a throw, for a Proxy whose getPrototypeOf throws', () => {
    expect(AnyEventCodec.is(throwingProxy())).toBe(false)
  })

  it('parseEvent of JSON text nested 10,000 deep throws an EventValidationError naming payload', () => {
    const error = validationErrorOf(() => parseEvent(nestedJson(10_000)))
    expect(error.paths).toEqual(['payload'])
    expect(error.issues[0].expected).toBe('at most 1000 levels of nested objects and arrays')
    expect(error.message).toBe('parseEvent(input): invalid input, 1 problem: payload: expected at most 1000 levels of nested objects and arrays')
  })

  it('parseEvent accepts 1,000 levels (the limit) and JSON.stringify can write the event back', () => {
    const e = parseEvent(nestedJson(1000))
    expect(Object.isFrozen(e.payload)).toBe(true)
    expect(() => JSON.stringify(e)).not.toThrow()
  })

  it('ProcessingEvent.data is held to the same limit', () => {
    const error = validationErrorOf(() => new ProcessingEvent({ eventType: 'a.b', data: nested(2000) }))
    expect(error.paths).toEqual(['data'])
    expect(error.subject).toBe('new ProcessingEvent(init)')
  })

  it('reads each init field once (a getter cannot pass the check and then change)', () => {
    let reads = 0
    const init = Object.defineProperty({ eventType: 'a.b' }, 'payload', {
      get: () => (reads++ === 0 ? { ok: true } : 'not an object'),
      enumerable: true,
    })
    const e = new Event(init)
    expect(e.payload).toEqual({ ok: true })
    expect(reads).toBe(1)
  })

  it('a constructor of yours that throws is a Left carrying its message, escaped and cut, not a throw', () => {
    class Picky extends Event {
      constructor(init: EventInit) {
        super(init)
        throw new Error(`bad\nline ${'x'.repeat(1000)}`)
      }
    }
    const result = eventCodec('Picky', Picky, t.type({ eventType: t.string })).decode({ eventType: 'a.b' })
    if (E.isRight(result)) throw new Error('expected a Left')
    expect(result.left[0].message).toMatch(/^bad\\u000aline x+…$/)
    expect(result.left[0].message?.length).toBe(500)
  })

  it('a constructor of yours that throws a value String() cannot convert is a Left too', () => {
    class Hostile extends Event {
      constructor(init: EventInit) {
        super(init)
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw Object.create(null) as object
      }
    }
    const result = eventCodec('Hostile', Hostile, t.type({ eventType: t.string })).decode({ eventType: 'a.b' })
    if (E.isRight(result)) throw new Error('expected a Left')
    expect(result.left[0].message).toBe('a valid init (the constructor threw object)')
  })
})

/**
 * A sparse array of length 2 ** 32 - 1 behind a Proxy that counts reads and throws past 1,000 of
 * them: jest's timeout cannot stop synchronous work (the old recursive freeze passed this after
 * 134 s), a read budget fails at once.
 */
function countedHugeArray(): { readonly array: unknown[]; readonly reads: () => number } {
  const target: unknown[] = []
  target.length = 2 ** 32 - 1
  target[3] = { x: 1 }
  let reads = 0
  const array = new Proxy(target, {
    get(t, key, receiver) {
      if (++reads > 1000) throw new Error('walked the holes')
      return Reflect.get(t, key, receiver) as unknown
    },
  })
  return { array, reads: () => reads }
}

describe('sparse arrays with a huge length (#13 item 14)', () => {
  it('new Event with a payload array of length 2 ** 32 - 1 returns (jest timeout is the guard) and freezes it', () => {
    const huge: unknown[] = []
    huge.length = 2 ** 32 - 1
    huge[3] = { x: 1 }
    const e = new Event({ eventType: 'a.b', payload: { huge } })
    expect(Object.isFrozen(huge)).toBe(true)
    expect(Object.isFrozen(huge[3])).toBe(true)
    expect(e.payload['huge'].length).toBe(2 ** 32 - 1)
  })

  it('new Event reads what a sparse array of length 2 ** 32 - 1 holds, not its holes (counted reads)', () => {
    const { array, reads } = countedHugeArray()
    new Event({ eventType: 'a.b', payload: { array } })
    expect(reads()).toBeLessThan(10)
    expect(Object.isFrozen(array)).toBe(true)
  })

  it('the issue of a huge sparse array is rendered in bounded work (counted reads)', () => {
    const { array, reads } = countedHugeArray()
    const error = validationErrorOf(() => new Event({ eventType: 'a.b', payload: array as unknown as Record<string, unknown> }))
    expect(error.paths).toEqual(['payload'])
    expect(error.issues[0].actual.length).toBeLessThanOrEqual(60)
    expect(reads()).toBeLessThan(100)
  })

  it('new Event with new Array(1e8) in the payload returns', () => {
    const e = new Event({ eventType: 'a.b', payload: { holes: new Array<unknown>(1e8) } })
    expect(Object.isFrozen(e.payload['holes'])).toBe(true)
  })

  it('a huge sparse array where strings are expected is refused at once, its issue rendered in bounded work', () => {
    const huge: string[] = []
    huge.length = 2 ** 32 - 1
    const error = validationErrorOf(() => new Event({ eventType: 'a.b', traceIds: huge }))
    expect(error.paths).toEqual(['traceIds'])
    expect(error.issues[0].actual.length).toBeLessThanOrEqual(60)
    expect(error.issues[0].value).toBe(huge)
  })

  it('a huge sparse array as the payload is refused at once (not a plain object)', () => {
    const huge: unknown[] = []
    huge.length = 2 ** 32 - 1
    const error = validationErrorOf(() => new Event({ eventType: 'a.b', payload: huge as unknown as Record<string, unknown> }))
    expect(error.paths).toEqual(['payload'])
    expect(error.issues[0].actual).toMatch(/^\[null,null,.*…$/)
  })
})
