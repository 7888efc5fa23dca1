import { DocumentEvent, DocumentEventTypes, Event, ValidationEvent, type ValidationEventInit } from '../../lib'
import { failingPaths, validationErrorOf } from './issues'

const init = (over: Partial<ValidationEventInit> = {}): ValidationEventInit => ({
  eventType: DocumentEventTypes.VALIDATION_COMPLETED,
  documentId: 'doc-1',
  validationType: 'schema',
  validationStatus: 'failed',
  ...over,
})

describe('ValidationEvent', () => {
  it('keeps the validation fields; validationErrors defaults to []', () => {
    const e = new ValidationEvent(init())
    expect(e.validationType).toBe('schema')
    expect(e.validationStatus).toBe('failed')
    expect(e.validationErrors).toEqual([])
    expect(e.documentId).toBe('doc-1')
    expect(e.pageNumbers).toEqual([])
    expect(new ValidationEvent(init({ validationErrors: null })).validationErrors).toEqual([])
    expect(new ValidationEvent(init({ validationErrors: ['missing total'] })).validationErrors).toEqual(['missing total'])
  })

  it('is a DocumentEvent and an Event', () => {
    const e = new ValidationEvent(init())
    expect(e).toBeInstanceOf(ValidationEvent)
    expect(e).toBeInstanceOf(DocumentEvent)
    expect(e).toBeInstanceOf(Event)
    expect(e.kind).toBe('ValidationEvent')
  })

  it('is frozen, with frozen validationErrors', () => {
    const e = new ValidationEvent(init({ validationErrors: ['a'] }))
    expect(Object.isFrozen(e)).toBe(true)
    expect(Object.isFrozen(e.validationErrors)).toBe(true)
    expect(() => {
      ;(e as { validationStatus: string }).validationStatus = 'passed'
    }).toThrow(TypeError)
  })

  it('with() keeps the class and id', () => {
    const e = new ValidationEvent(init())
    const changed = e.with({ validationStatus: 'passed' })
    expect(changed.constructor).toBe(ValidationEvent)
    expect(changed.id).toBe(e.id)
    expect(changed.validationStatus).toBe('passed')
    expect(changed.validationType).toBe('schema')
  })

  it("toJSON() has kind 'ValidationEvent'", () => {
    const json = new ValidationEvent(init({ validationErrors: ['x'] })).toJSON()
    expect(json).toMatchObject({ kind: 'ValidationEvent', validationType: 'schema', validationStatus: 'failed', validationErrors: ['x'], documentId: 'doc-1' })
  })

  it('can be subclassed with extra fields (the instance is frozen by the most derived class)', () => {
    class Tagged extends ValidationEvent {
      readonly tag: string
      constructor(i: ValidationEventInit & { readonly tag: string }) {
        super(i)
        this.tag = i.tag
        Object.freeze(this)
      }
    }
    const e = new Tagged({ ...init(), tag: 't' })
    expect(e.tag).toBe('t')
    expect(e).toBeInstanceOf(ValidationEvent)
    expect(Object.isFrozen(e)).toBe(true)
    expect(e.with({}).tag).toBe('t')
  })

  describe('bad input', () => {
    it('rejects missing validationType and validationStatus, naming both', () => {
      const error = validationErrorOf(() => new ValidationEvent({ eventType: 'a.b', documentId: 'd' } as ValidationEventInit))
      expect([...error.paths].sort()).toEqual(['validationStatus', 'validationType'])
      expect(error.subject).toBe('new ValidationEvent(init)')
    })

    it.each([
      ['an empty validationType', { validationType: '' }, 'validationType'],
      ['a numeric validationStatus', { validationStatus: 1 }, 'validationStatus'],
      ['validationErrors as a string', { validationErrors: 'bad' }, 'validationErrors'],
      ['validationErrors with a number', { validationErrors: ['bad', 2] }, 'validationErrors'],
    ])('rejects %s', (_label, over, path) => {
      expect(failingPaths(() => new ValidationEvent(init(over as Partial<ValidationEventInit>)))).toEqual([path])
    })

    // lib bug (lib/events/fields.ts stringArray uses Array#every, which skips holes).
    it('rejects validationErrors with holes (a sparse array)', () => {
      expect(failingPaths(() => new ValidationEvent(init({ validationErrors: new Array<string>(1) })))).toEqual(['validationErrors'])
    })

    it('names every failing path across Event, DocumentEvent and ValidationEvent fields', () => {
      const paths = failingPaths(
        () =>
          new ValidationEvent({
            eventType: 'a b',
            priority: 'soon',
            documentId: '',
            validationType: '',
            validationStatus: null,
            validationErrors: [1],
          } as unknown as ValidationEventInit),
      )
      expect(paths).toEqual(['documentId', 'eventType', 'priority', 'validationErrors', 'validationStatus', 'validationType'])
    })
  })
})
