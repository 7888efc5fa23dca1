import * as t from 'io-ts'
import { DocumentEvent, DocumentEventTypes, Event, EventBus, EventValidationError, ValidationMiddleware } from '../../lib'
import { marbles } from '../helpers/marbles'
import { validationErrorOf } from '../events/issues'

/** An object that is an `Event` by prototype but skipped the constructor's checks (as a buggy subclass or a cast could). */
const forged = (fields: Record<string, unknown>): Event => Object.assign(Object.create(Event.prototype) as object, fields) as unknown as Event

const UserCreated = t.type({ name: t.string, age: t.number, address: t.type({ city: t.string }), tags: t.array(t.string) })

describe('ValidationMiddleware', () => {
  it('passes a valid event unchanged (the same instance)', () => {
    const e = new Event({ eventType: 'a.b', payload: { x: 1 } })
    expect(new ValidationMiddleware().process(e)).toBe(e)
  })

  it('passes DocumentEventTypes values and subclasses', () => {
    const e = new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId: 'd' })
    expect(new ValidationMiddleware().process(e)).toBe(e)
  })

  it('has priority 0 by default and takes the priority option', () => {
    expect(new ValidationMiddleware().priority).toBe(0)
    expect(new ValidationMiddleware({ priority: -10 }).priority).toBe(-10)
  })

  describe('form checks', () => {
    it('rejects a value that is not an Event, at the root path', () => {
      const mw = new ValidationMiddleware()
      for (const value of [null, {}, { eventType: 'a.b', payload: {} }, 'a.b']) {
        const error = validationErrorOf(() => mw.process(value as unknown as Event))
        expect(error.paths).toEqual([''])
        expect(error.issues[0].expected).toBe('an Event')
      }
    })

    it('rejects a malformed event type and a non-object payload, naming both', () => {
      const error = validationErrorOf(() => new ValidationMiddleware().process(forged({ eventType: 'bad type\n', payload: [1, 2] })))
      expect([...error.paths].sort()).toEqual(['eventType', 'payload'])
      expect(error.subject).toContain('ValidationMiddleware')
      for (const issue of error.issues) expect(issue.actual).not.toMatch(/[\u0000-\u001f]/)
    })

    it('keeps control characters of a malformed event type out of the error subject and message', () => {
      const error = validationErrorOf(() => new ValidationMiddleware().process(forged({ eventType: 'bad type\n\u001b[2J', payload: {} })))
      expect(error.subject).not.toMatch(/[\u0000-\u001f]/)
      expect(error.message).not.toMatch(/[\u0000-\u001f]/)
      expect(error.subject).toContain('\\u001b')
    })

    it.each([
      ['an empty event type', { eventType: '', payload: {} }, ['eventType']],
      ['a missing event type', { payload: {} }, ['eventType']],
      ['a string payload', { eventType: 'a.b', payload: 'text' }, ['payload']],
      ['a null payload', { eventType: 'a.b', payload: null }, ['payload']],
      ['a Date payload', { eventType: 'a.b', payload: new Date(0) }, ['payload']],
    ])('rejects %s', (_label, fields, paths) => {
      expect(validationErrorOf(() => new ValidationMiddleware().process(forged(fields))).paths).toEqual(paths)
    })
  })

  describe('payload schemas', () => {
    const mw = new ValidationMiddleware({ schemas: { 'user.account.created': UserCreated } })
    const good = { name: 'Ada', age: 36, address: { city: 'London' }, tags: ['x'] }

    it('passes a payload that decodes', () => {
      const e = new Event({ eventType: 'user.account.created', payload: good })
      expect(mw.process(e)).toBe(e)
    })

    it('names every failing payload path, prefixed with payload.', () => {
      const e = new Event({ eventType: 'user.account.created', payload: { name: 1, address: { city: 2 }, tags: ['ok', 3] } })
      const error = validationErrorOf(() => mw.process(e))
      expect([...error.paths].sort()).toEqual(['payload.address.city', 'payload.age', 'payload.name', 'payload.tags.1'])
      expect(error.subject).toMatch(/^ValidationMiddleware\(.*user\.account\.created.*\)$/)
      expect(error.message).toContain('payload.age')
    })

    it('reports a failure of the payload as a whole at the path payload', () => {
      const whole = new ValidationMiddleware({ schemas: { 'a.b': t.array(t.string) } })
      const error = validationErrorOf(() => whole.process(new Event({ eventType: 'a.b', payload: { x: 1 } })))
      expect(error.paths).toEqual(['payload'])
    })

    it('checks only the form of events of other types', () => {
      const e = new Event({ eventType: 'user.account.deleted', payload: { anything: true } })
      expect(mw.process(e)).toBe(e)
    })

    it('does not look up schemas on the prototype chain (event types such as constructor or toString)', () => {
      const none = new ValidationMiddleware({ schemas: {} })
      for (const eventType of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
        const e = new Event({ eventType })
        expect(none.process(e)).toBe(e)
      }
    })

    it('uses a schema keyed by a prototype-like name when given one', () => {
      const schemas: Record<string, t.Decoder<unknown, unknown>> = {}
      Object.defineProperty(schemas, 'constructor', { value: t.type({ ok: t.literal(true) }), enumerable: true })
      const strict = new ValidationMiddleware({ schemas })
      expect(() => strict.process(new Event({ eventType: 'constructor', payload: { ok: true } }))).not.toThrow()
      expect(validationErrorOf(() => strict.process(new Event({ eventType: 'constructor', payload: {} }))).paths).toEqual(['payload.ok'])
    })

    it('does not run the schema when the form is already wrong', () => {
      const decode = jest.fn(() => t.success({}))
      const spy = new ValidationMiddleware({ schemas: { 'a.b': { name: 'spy', validate: decode, decode } as unknown as t.Decoder<unknown, unknown> } })
      const error = validationErrorOf(() => spy.process(forged({ eventType: 'a.b', payload: 'x' })))
      expect(error.paths).toEqual(['payload'])
      expect(decode).not.toHaveBeenCalled()
    })
  })

  describe('operator()', () => {
    it('passes valid events and errors the stream on the first invalid one', () => {
      const mw = new ValidationMiddleware({ schemas: { 'a.b': t.type({ n: t.number }) } })
      const values = {
        a: new Event({ eventType: 'a.b', payload: { n: 1 }, id: 'a', timestamp: 0 }),
        b: new Event({ eventType: 'a.b', payload: { n: 'two' }, id: 'b', timestamp: 0 }),
        c: new Event({ eventType: 'a.b', payload: { n: 3 }, id: 'c', timestamp: 0 }),
      }
      let thrown: unknown
      marbles(({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot('  --a--b--c--|', values)
        const sourceSubs = '  ^----!      '
        const expected = '    --a--#      '
        const result = source.pipe(mw.operator())
        result.subscribe({ error: (e: unknown) => (thrown = e) })
        expectObservable(result).toBe(expected, values, expect.any(EventValidationError))
        expectSubscriptions(source.subscriptions).toBe([sourceSubs, sourceSubs])
      })
      expect(thrown).toBeInstanceOf(EventValidationError)
      expect((thrown as EventValidationError).paths).toEqual(['payload.n'])
    })
  })
})

describe('ValidationMiddleware: no payload values in messages or logs (#13 item 8)', () => {
  const SSN = '078-05-1120'
  const schemas = { 'person.record.created': t.type({ ssn: t.number }) }

  it('names the path and the expectation; the value stays on the issue', () => {
    const error = validationErrorOf(() =>
      new ValidationMiddleware({ schemas }).process(new Event({ eventType: 'person.record.created', payload: { ssn: SSN } })),
    )
    expect(error.message).toBe("ValidationMiddleware('person.record.created'): invalid input, 1 problem: payload.ssn: expected number")
    expect(error.issues[0].value).toBe(SSN)
  })

  it('keeps a forged payload value out of the message', () => {
    const error = validationErrorOf(() => new ValidationMiddleware().process(forged({ eventType: 'a.b', payload: SSN })))
    expect(error.message).not.toContain(SSN)
    expect(error.issues[0].value).toBe(SSN)
  })

  it('a bus logs nothing of the payload when the middleware rejects an event (capturing logger)', async () => {
    const lines: string[] = []
    const capture =
      (level: string) =>
      (...args: unknown[]): void => {
        lines.push(
          `${level} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v)))).join(' ')}`,
        )
      }
    const logger = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') }
    const bus = new EventBus({ logger })
    await bus.start()
    const dead: unknown[] = []
    bus.deadLetters$.subscribe((d) => dead.push(d))
    bus.addMiddleware(new ValidationMiddleware({ schemas }))
    bus.subscribe('person.record.created', () => undefined)
    await bus.publish(new Event({ eventType: 'person.record.created', payload: { ssn: SSN } }))
    await bus.drain()
    await bus.stop()
    expect(dead).toHaveLength(1)
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.join('\n')).toContain('payload.ssn')
    expect(lines.join('\n')).not.toContain(SSN)
  })
})
