import { Event, EventPriority, EventValidationError, type EventInit } from '../../lib'
import { failingPaths, UUID_V4, validationErrorOf } from './issues'

describe('Event', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  describe('defaults', () => {
    it('needs only an eventType and fills in every other field', () => {
      jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_123)
      const e = new Event({ eventType: 'user.account.created' })

      expect(e.eventType).toBe('user.account.created')
      expect(e.id).toMatch(UUID_V4)
      expect(e.payload).toEqual({})
      expect(e.timestamp).toBe(1_700_000_000_123)
      expect(e.priority).toBe(EventPriority.NORMAL)
      expect(e.metadata).toEqual({})
      expect(e.traceIds).toEqual([])
      expect(e.source).toBeUndefined()
      expect(e.correlationId).toBeUndefined()
      expect('source' in e).toBe(false)
      expect('correlationId' in e).toBe(false)
    })

    it('generates v4 UUIDs without crypto.randomUUID too (a browser on plain http), from getRandomValues, never Math.random', () => {
      const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto')
      const webCrypto = globalThis.crypto
      const getRandomValues = webCrypto.getRandomValues.bind(webCrypto)
      Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues }, configurable: true, writable: true })
      const random = jest.spyOn(Math, 'random')
      try {
        jest.isolateModules(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const { randomUuid } = require('../../lib/internal/uuid') as { randomUuid: () => string }
          const ids = Array.from({ length: 100 }, () => randomUuid())
          for (const id of ids) expect(id).toMatch(UUID_V4)
          expect(new Set(ids).size).toBe(100)
        })
        expect(random).not.toHaveBeenCalled()
      } finally {
        random.mockRestore()
        if (descriptor === undefined) delete (globalThis as { crypto?: unknown }).crypto
        else Object.defineProperty(globalThis, 'crypto', descriptor)
      }
      expect(new Event({ eventType: 'a.b' }).id).toMatch(UUID_V4)
    })

    it('generates a distinct id for every event', () => {
      const ids = new Set(Array.from({ length: 200 }, () => new Event({ eventType: 'a.b' }).id))
      expect(ids.size).toBe(200)
    })

    it('keeps every field it is given (the seed example)', () => {
      const e = new Event({
        eventType: 'test_event',
        payload: { key: 'value' },
        priority: EventPriority.IMMEDIATE,
        correlationId: 'corr123',
        metadata: { version: '1.0' },
        id: 'evt-1',
        timestamp: 42,
        source: 'ocr-service',
        traceIds: ['t1', 't2'],
      })
      expect(e).toMatchObject({
        eventType: 'test_event',
        payload: { key: 'value' },
        priority: 'immediate',
        correlationId: 'corr123',
        metadata: { version: '1.0' },
        id: 'evt-1',
        timestamp: 42,
        source: 'ocr-service',
        traceIds: ['t1', 't2'],
      })
    })

    it('treats null as absent for every optional field', () => {
      jest.spyOn(Date, 'now').mockReturnValue(7)
      const e = new Event({
        eventType: 'a.b',
        payload: null,
        id: null,
        timestamp: null,
        priority: null,
        source: null,
        correlationId: null,
        metadata: null,
        traceIds: null,
      })
      expect(e.payload).toEqual({})
      expect(e.id).toMatch(UUID_V4)
      expect(e.timestamp).toBe(7)
      expect(e.priority).toBe('normal')
      expect('source' in e).toBe(false)
      expect('correlationId' in e).toBe(false)
      expect(e.metadata).toEqual({})
      expect(e.traceIds).toEqual([])
    })

    it('accepts a payload with a null prototype and a timestamp of 0', () => {
      const payload = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 })
      const e = new Event({ eventType: 'a.b', payload, timestamp: 0 })
      expect(e.payload).toBe(payload)
      expect(e.timestamp).toBe(0)
    })
  })

  describe('immutability', () => {
    const make = (): Event =>
      new Event({
        eventType: 'a.b',
        payload: { nested: { list: [1, { deep: true }] } },
        metadata: { tags: ['x'] },
        traceIds: ['t1'],
      })

    it('is frozen, and assignments throw in strict mode', () => {
      const e = make()
      expect(Object.isFrozen(e)).toBe(true)
      expect(() => {
        ;(e as { id: string }).id = 'other'
      }).toThrow(TypeError)
      expect(() => {
        ;(e as unknown as Record<string, unknown>)['extra'] = 1
      }).toThrow(TypeError)
    })

    it('freezes the payload deeply', () => {
      const e = make()
      const nested = e.payload['nested'] as { list: [number, { deep: boolean }] }
      expect(Object.isFrozen(e.payload)).toBe(true)
      expect(Object.isFrozen(nested)).toBe(true)
      expect(Object.isFrozen(nested.list)).toBe(true)
      expect(Object.isFrozen(nested.list[1])).toBe(true)
      expect(() => {
        nested.list[1].deep = false
      }).toThrow(TypeError)
    })

    it('freezes metadata (deeply) and traceIds', () => {
      const e = make()
      expect(Object.isFrozen(e.metadata)).toBe(true)
      expect(Object.isFrozen(e.metadata['tags'])).toBe(true)
      expect(Object.isFrozen(e.traceIds)).toBe(true)
      expect(() => {
        ;(e.traceIds as string[]).push('t2')
      }).toThrow(TypeError)
    })

    it('freezes the default payload, metadata and traceIds too', () => {
      const e = new Event({ eventType: 'a.b' })
      expect(Object.isFrozen(e.payload)).toBe(true)
      expect(Object.isFrozen(e.metadata)).toBe(true)
      expect(Object.isFrozen(e.traceIds)).toBe(true)
    })

    it('leaves class instances inside a payload alone (only plain objects and arrays are frozen)', () => {
      const when = new Date(0)
      const e = new Event({ eventType: 'a.b', payload: { when } })
      expect(e.payload['when']).toBe(when)
      expect(Object.isFrozen(when)).toBe(false)
    })
  })

  describe('with()', () => {
    it('returns a new frozen Event with the changes, keeping id and timestamp', () => {
      const e = new Event({ eventType: 'a.b', payload: { n: 1 }, timestamp: 5, correlationId: 'c' })
      const changed = e.with({ payload: { n: 2 } })

      expect(changed).not.toBe(e)
      expect(changed).toBeInstanceOf(Event)
      expect(changed.constructor).toBe(Event)
      expect(Object.isFrozen(changed)).toBe(true)
      expect(changed.id).toBe(e.id)
      expect(changed.timestamp).toBe(5)
      expect(changed.correlationId).toBe('c')
      expect(changed.payload).toEqual({ n: 2 })
      expect(e.payload).toEqual({ n: 1 })
    })

    it('replaces id and timestamp when asked to', () => {
      const e = new Event({ eventType: 'a.b' })
      const changed = e.with({ id: 'new-id', timestamp: 9 })
      expect(changed.id).toBe('new-id')
      expect(changed.timestamp).toBe(9)
    })

    it('validates the changes like a constructor', () => {
      const e = new Event({ eventType: 'a.b' })
      const error = validationErrorOf(() => e.with({ eventType: 'not valid', priority: 'urgent' as EventPriority }))
      expect([...error.paths].sort()).toEqual(['eventType', 'priority'])
    })
  })

  describe('toJSON()', () => {
    it("has kind 'Event' and every field, and is plain JSON", () => {
      const e = new Event({ eventType: 'a.b', payload: { k: 'v' }, id: 'i', timestamp: 1, source: 's', correlationId: 'c', traceIds: ['t'] })
      const json = e.toJSON()
      expect(json).toEqual({
        kind: 'Event',
        id: 'i',
        eventType: 'a.b',
        payload: { k: 'v' },
        timestamp: 1,
        priority: 'normal',
        source: 's',
        correlationId: 'c',
        metadata: {},
        traceIds: ['t'],
      })
      expect(JSON.parse(JSON.stringify(e))).toEqual(json)
    })

    it('omits absent optional fields', () => {
      const json = new Event({ eventType: 'a.b' }).toJSON()
      expect(Object.keys(json).sort()).toEqual(['eventType', 'id', 'kind', 'metadata', 'payload', 'priority', 'timestamp', 'traceIds'])
    })

    it('exposes the class name as kind', () => {
      expect(Event.kind).toBe('Event')
      expect(new Event({ eventType: 'a.b' }).kind).toBe('Event')
    })
  })

  describe('bad input', () => {
    it.each([
      ['an empty eventType', { eventType: '' }],
      ['a missing eventType', {}],
      ['an eventType with a space', { eventType: 'document processing' }],
      ['an eventType with a newline', { eventType: 'document.\nstarted' }],
      ['an eventType with a NUL', { eventType: 'a.b\u0000' }],
      ['an eventType with an empty segment', { eventType: 'a..b' }],
      ['an eventType with a leading dot', { eventType: '.a' }],
      ['an eventType with a trailing dot', { eventType: 'a.' }],
      ['an eventType with a NATS wildcard', { eventType: 'a.*' }],
      ['an eventType longer than 256 characters', { eventType: 'a'.repeat(257) }],
      ['a numeric eventType', { eventType: 42 }],
    ])('rejects %s, naming the eventType path', (_label, init) => {
      const error = validationErrorOf(() => new Event(init as unknown as EventInit))
      expect(error.paths).toEqual(['eventType'])
      expect(error.subject).toBe('new Event(init)')
    })

    it('accepts an eventType of exactly 256 characters and single-segment names', () => {
      expect(new Event({ eventType: 'a'.repeat(256) }).eventType).toHaveLength(256)
      expect(new Event({ eventType: 'test_event' }).eventType).toBe('test_event')
      expect(new Event({ eventType: 'A-1.b_2' }).eventType).toBe('A-1.b_2')
    })

    it.each<[label: string, payload: unknown]>([
      ['an array', [1, 2]],
      ['a string', 'text'],
      ['a number', 3],
      ['true', true],
      ['a Date', new Date(0)],
      ['a Map', new Map()],
      [
        'a class instance',
        new (class Payload {
          readonly name = 'ada'
        })(),
      ],
    ])('rejects a payload that is %s', (_label, payload) => {
      expect(failingPaths(() => new Event({ eventType: 'a.b', payload: payload as object }))).toEqual(['payload'])
    })

    it.each([
      ['an unknown string', 'urgent'],
      ['an upper-case name', 'NORMAL'],
      ['a number', 1],
    ])('rejects a priority that is %s', (_label, priority) => {
      expect(failingPaths(() => new Event({ eventType: 'a.b', priority: priority as EventPriority }))).toEqual(['priority'])
    })

    it.each([
      ['an empty string', ''],
      ['a number', 7],
      ['an object', {}],
    ])('rejects an id that is %s', (_label, id) => {
      expect(failingPaths(() => new Event({ eventType: 'a.b', id: id as string }))).toEqual(['id'])
    })

    it.each([
      ['a string', 't1'],
      ['an array with a number', ['t1', 2]],
      ['an array with null', [null]],
      ['an object', { 0: 't1' }],
    ])('rejects traceIds that are %s', (_label, traceIds) => {
      expect(failingPaths(() => new Event({ eventType: 'a.b', traceIds: traceIds as string[] }))).toEqual(['traceIds'])
    })

    // lib bug (lib/events/fields.ts stringArray and lib/events/Event.ts isValidBaseInit use
    // Array#every, which skips holes): a sparse array passes as "an array of strings", the event
    // holds undefined trace ids, and its own JSON ([null, null]) no longer decodes.
    it('rejects traceIds with holes (a sparse array)', () => {
      expect(failingPaths(() => new Event({ eventType: 'a.b', traceIds: new Array<string>(2) }))).toEqual(['traceIds'])
    })

    it.each([
      ['a string', '2024-01-01'],
      ['Infinity', Infinity],
    ])('rejects a timestamp that is %s', (_label, timestamp) => {
      expect(failingPaths(() => new Event({ eventType: 'a.b', timestamp: timestamp as number }))).toEqual(['timestamp'])
    })

    // lib bug: NaN !== NaN defeats the union-member path collapsing in lib/internal/ioTsIssues.ts,
    // so the issue is reported at 'timestamp.0' and 'timestamp.1' ("expected null, got null").
    it('rejects a NaN timestamp at the path timestamp', () => {
      expect(failingPaths(() => new Event({ eventType: 'a.b', timestamp: NaN }))).toEqual(['timestamp'])
    })

    // lib bug (lib/internal/render.ts, renderValue: JSON.stringify(Infinity) is "null"): the issue
    // and the message say "got null" for Infinity, -Infinity and NaN, which were not null.
    it('renders a non-finite number found at a failing path as itself, not as null', () => {
      const error = validationErrorOf(() => new Event({ eventType: 'a.b', timestamp: Infinity }))
      expect(error.issues[0].actual).toBe('Infinity')
      expect(error.message).not.toContain('got null')
    })

    it('rejects a NaN timestamp (whatever the path)', () => {
      expect(() => new Event({ eventType: 'a.b', timestamp: NaN })).toThrow(EventValidationError)
    })

    it.each([
      ['metadata as a string', { metadata: 'v1' }, 'metadata'],
      ['metadata as an array', { metadata: ['v1'] }, 'metadata'],
      ['a numeric source', { source: 1 }, 'source'],
      ['an object correlationId', { correlationId: { id: 1 } }, 'correlationId'],
    ])('rejects %s', (_label, fields, path) => {
      expect(failingPaths(() => new Event({ eventType: 'a.b', ...fields } as unknown as EventInit))).toEqual([path])
    })

    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a string', 'a.b'],
      ['a number', 1],
      ['an array', [{ eventType: 'a.b' }]],
      ['an object with a custom prototype', Object.create({ eventType: 'a.b' }) as object],
    ])('rejects an init that is %s, at the root path', (_label, init) => {
      const error = validationErrorOf(() => new Event(init as unknown as EventInit))
      expect(error.paths).toEqual([''])
    })

    it('rejects a Map init even when it holds an eventType entry', () => {
      expect(() => new Event(new Map([['eventType', 'a.b']]) as unknown as EventInit)).toThrow(EventValidationError)
    })

    it('names every failing path of an init with many errors at once', () => {
      const error = validationErrorOf(
        () =>
          new Event({
            eventType: 'bad type',
            payload: [],
            id: '',
            timestamp: 'now' as unknown as number,
            priority: 'urgent' as EventPriority,
            source: 3 as unknown as string,
            correlationId: false as unknown as string,
            metadata: 'm' as unknown as Record<string, unknown>,
            traceIds: [1] as unknown as string[],
          }),
      )
      expect([...error.paths].sort()).toEqual(['correlationId', 'eventType', 'id', 'metadata', 'payload', 'priority', 'source', 'timestamp', 'traceIds'].sort())
      expect(error.issues).toHaveLength(9)
      expect(error.message).toContain('9 problems')
      for (const issue of error.issues) expect(issue.expected.length).toBeGreaterThan(0)
    })

    it.each([
      ['a function', function handler() {}, 'function handler'],
      [
        'an anonymous function',
        (
          () => () =>
            undefined
        )(),
        'function <anonymous>',
      ],
      ['a symbol', Symbol('s'), 'Symbol(s)'],
      ['a bigint', 10n, '10'],
      ['undefined', undefined, 'undefined'],
    ])('renders %s found at a failing path', (_label, eventType, rendered) => {
      const error = validationErrorOf(() => new Event({ eventType } as unknown as EventInit))
      expect(error.issues).toEqual([expect.objectContaining({ path: 'eventType', actual: rendered })])
    })

    it('renders a cyclic value found at a failing path without throwing', () => {
      const cyclic: Record<string, unknown> = {}
      cyclic['self'] = cyclic
      const error = validationErrorOf(() => new Event({ eventType: 'a.b', traceIds: cyclic } as unknown as EventInit))
      expect(error.issues[0].actual).toBe('[object Object]')
    })

    it('shortens a long bad value in the issue', () => {
      const error = validationErrorOf(() => new Event({ eventType: 'x '.repeat(500) }))
      expect(error.issues[0].actual.length).toBeLessThanOrEqual(60)
      expect(error.issues[0].actual.endsWith('…')).toBe(true)
      expect(error.message.length).toBeLessThan(400)
    })

    it('renders the bad value safely (control characters escaped) in the issue and the message', () => {
      const error = validationErrorOf(() => new Event({ eventType: 'evil\u001b[31m.type\n' }))
      expect(error.issues[0].actual).not.toMatch(/[\u0000-\u001f]/)
      expect(error.message).not.toMatch(/[\u0000-\u001f]/)
      expect(error.issues[0].actual).toContain('\\u001b')
    })
  })

  it('copies from another Event used as init', () => {
    const original = new Event({ eventType: 'a.b', payload: { x: 1 }, correlationId: 'c' })
    const copy = new Event(original)
    expect(copy).not.toBe(original)
    expect(copy).toEqual(original)
  })
})
