import { BusNotStartedError, EventBusError, EventValidationError, HandlerError, HandlerTimeoutError, QueueOverflowError, TransportError } from '../../lib'

/** Every error class, built with typical arguments, with its fixed name. */
const ALL: ReadonlyArray<readonly [string, () => EventBusError]> = [
  ['EventBusError', () => new EventBusError('something failed; do this')],
  ['BusNotStartedError', () => new BusNotStartedError('publish')],
  ['EventValidationError', () => new EventValidationError('new Event(init)', [{ path: 'eventType', expected: 'an event type', actual: '""' }])],
  ['QueueOverflowError', () => new QueueOverflowError('a.b', 10)],
  ['HandlerTimeoutError', () => new HandlerTimeoutError('ocr', 'a.b', 'evt-1', 500)],
  ['HandlerError', () => new HandlerError('ocr', 'a.b', 'evt-1', new Error('boom'))],
  ['TransportError', () => new TransportError('nats', 'could not connect to nats://localhost:4222; check the servers option')],
]

describe('errors', () => {
  describe.each(ALL)('%s', (name, make) => {
    it('has a fixed name, also in its string form and stack', () => {
      const error = make()
      expect(error.name).toBe(name)
      expect(String(error).startsWith(`${name}: `)).toBe(true)
      expect(error.stack?.startsWith(`${name}: `)).toBe(true)
    })

    it('is an EventBusError and an Error, and its own class', () => {
      const error = make()
      expect(error).toBeInstanceOf(EventBusError)
      expect(error).toBeInstanceOf(Error)
      expect(Object.getPrototypeOf(error)).toBe((error.constructor as { prototype: object }).prototype)
      expect(error.constructor.name).toBe(name)
    })

    it('has a non-empty message', () => {
      expect(make().message.length).toBeGreaterThan(10)
    })

    it('is caught by instanceof in a catch block', () => {
      try {
        throw make()
      } catch (error) {
        expect(error instanceof EventBusError).toBe(true)
      }
    })
  })

  it('are distinct classes (instanceof tells them apart)', () => {
    const errors = ALL.map(([, make]) => make())
    const classes = [BusNotStartedError, EventValidationError, QueueOverflowError, HandlerTimeoutError, HandlerError, TransportError]
    for (const Ctor of classes) {
      expect(errors.filter((e) => e instanceof Ctor)).toHaveLength(1)
    }
  })
})

describe('EventBusError', () => {
  it('keeps the message as given', () => {
    expect(new EventBusError('the thing broke; restart it').message).toBe('the thing broke; restart it')
  })

  it('keeps a cause (not enumerable), and has none without one', () => {
    const cause = new Error('root')
    const error = new EventBusError('wrapped', { cause })
    expect((error as { cause?: unknown }).cause).toBe(cause)
    expect(Object.keys(error)).not.toContain('cause')
    expect('cause' in new EventBusError('plain')).toBe(false)
    expect((new EventBusError('undefined cause', { cause: undefined }) as { cause?: unknown }).cause).toBeUndefined()
  })

  it('is subclassable by users, keeping instanceof', () => {
    class AppError extends EventBusError {
      override readonly name = 'AppError'
    }
    const e = new AppError('x')
    expect(e).toBeInstanceOf(AppError)
    expect(e).toBeInstanceOf(EventBusError)
    expect(e.name).toBe('AppError')
  })
})

describe('BusNotStartedError', () => {
  it('names the operation, says the bus is not running and what to do', () => {
    const error = new BusNotStartedError('publish')
    expect(error.operation).toBe('publish')
    expect(error.message).toMatch(/^publish: /)
    expect(error.message).toContain('not running')
    expect(error.message).toContain('bus.start()')
  })
})

describe('EventValidationError', () => {
  const issues = [
    { path: 'eventType', expected: 'an event type', actual: '""' },
    { path: '', expected: 'a plain object', actual: '[]' },
  ]

  it('keeps the subject and every issue, and lists every path', () => {
    const error = new EventValidationError('parseEvent(input)', issues)
    expect(error.subject).toBe('parseEvent(input)')
    expect(error.issues).toEqual(issues)
    expect(error.paths).toEqual(['eventType', ''])
  })

  it('says in its message what was validated, each path and what was expected, but not the values found (#13 item 8)', () => {
    const error = new EventValidationError('parseEvent(input)', issues)
    expect(error.message).toBe('parseEvent(input): invalid input, 2 problems: eventType: expected an event type; <value>: expected a plain object')
  })

  it('keeps the values found on the issues, out of the message', () => {
    const ssn = '078-05-1120'
    const error = new EventValidationError('x', [{ path: 'payload.ssn', expected: 'number', actual: JSON.stringify(ssn), value: ssn }])
    expect(error.message).toBe('x: invalid input, 1 problem: payload.ssn: expected number')
    expect(error.issues[0].value).toBe(ssn)
    expect(error.issues[0].actual).toContain(ssn)
  })

  it('lists at most 20 issues in its message and counts the rest (every one stays in issues)', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ path: `items.${i}`, expected: 'a string', actual: '1' }))
    const error = new EventValidationError('x', many)
    expect(error.message).toContain('items.19: expected a string; and 5 more')
    expect(error.message).not.toContain('items.20')
    expect(error.issues).toHaveLength(25)
  })

  it('escapes control characters and cuts long paths and expectations in its message', () => {
    const error = new EventValidationError('x', [{ path: `a\u001b[2J${'k'.repeat(1000)}`, expected: `e\n${'x'.repeat(1000)}`, actual: '' }])
    expect(error.message).not.toMatch(/[\u0000-\u001f]/)
    expect(error.message).toContain('a\\u001b[2J')
    expect(error.message.length).toBeLessThan(800)
    expect(error.issues[0].path).toHaveLength(1005)
  })

  it('counts one problem in the singular', () => {
    expect(new EventValidationError('x', [issues[0]]).message).toContain('1 problem:')
  })
})

describe('QueueOverflowError', () => {
  it('names the event type and bound, and says what to do', () => {
    const error = new QueueOverflowError('document.ocr.started', 10_000)
    expect(error.eventType).toBe('document.ocr.started')
    expect(error.maxQueueSize).toBe(10_000)
    expect(error.message).toContain("publish('document.ocr.started')")
    expect(error.message).toContain('queue is full')
    expect(error.message).toContain('10000')
    expect(error.message).toMatch(/retry later|maxQueueSize|overflow 'wait'/)
  })
})

describe('HandlerTimeoutError', () => {
  it('names the handler, event and limit, and says what to do', () => {
    const error = new HandlerTimeoutError('ocr-worker', 'document.ocr.started', 'evt-9', 250)
    expect(error).toMatchObject({ handler: 'ocr-worker', eventType: 'document.ocr.started', eventId: 'evt-9', timeoutMs: 250 })
    expect(error.message).toContain("handler 'ocr-worker'")
    expect(error.message).toContain('timed out after 250 ms')
    expect(error.message).toContain("'document.ocr.started'")
    expect(error.message).toContain('evt-9')
    expect(error.message).toContain('timeoutMs')
  })
})

describe('HandlerError', () => {
  it('keeps the cause and names the handler and event', () => {
    const cause = new TypeError('x is undefined')
    const error = new HandlerError('indexer', 'document.text.extracted', 'evt-3', cause)
    expect((error as { cause?: unknown }).cause).toBe(cause)
    expect(error).toMatchObject({ handler: 'indexer', eventType: 'document.text.extracted', eventId: 'evt-3' })
    expect(error.message).toContain("handler 'indexer' failed on 'document.text.extracted' (id evt-3)")
    expect(error.message).toContain('TypeError: x is undefined')
    expect(error.message).toMatch(/fix the handler|retry/)
  })

  it.each([
    ['a string', 'plain failure', 'plain failure'],
    // a thrown value that is not an Error may be a payload: only its kind is described (it stays on `cause`)
    ['an object', { code: 42 }, "a thrown object (not an Error; see the error's cause)"],
    ['an array', [1, 2], "a thrown array (not an Error; see the error's cause)"],
    ['a Map', new Map(), "a thrown Map object (not an Error; see the error's cause)"],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a number', 7, 'a thrown number'],
  ])('describes a cause that is %s, and keeps it', (_label, cause, described) => {
    const error = new HandlerError('h', 'a.b', 'i', cause)
    expect(error.message).toContain(`: ${described};`)
    expect((error as { cause?: unknown }).cause).toBe(cause)
    expect('cause' in error).toBe(true)
  })

  it('describes a cause that JSON cannot serialize without throwing', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    expect(() => new HandlerError('h', 'a.b', 'i', cyclic)).not.toThrow()
    expect(() => new HandlerError('h', 'a.b', 'i', 10n)).not.toThrow()
    expect(new HandlerError('h', 'a.b', 'i', 10n).message).toContain('a thrown bigint')
    expect(new HandlerError('h', 'a.b', 'i', { ssn: '078-05-1120' }).message).not.toContain('078-05-1120')
    expect(new HandlerError('h', 'a.b', 'i', 'x'.repeat(10_000)).message.length).toBeLessThan(700)
  })
})

describe('TransportError', () => {
  it('names the transport and keeps the message and cause', () => {
    const cause = new Error('ECONNREFUSED')
    const error = new TransportError('nats', 'could not connect; check that the server runs', cause)
    expect(error.transport).toBe('nats')
    expect(error.message).toBe('nats: could not connect; check that the server runs')
    expect((error as { cause?: unknown }).cause).toBe(cause)
  })

  it('has no cause when none is given', () => {
    expect('cause' in new TransportError('nats', 'closed')).toBe(false)
  })
})
