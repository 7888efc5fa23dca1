import { DocumentEvent, DocumentEventTypes, ErrorEvent, Event, type ErrorEventInit } from '../../lib'
import { failingPaths, validationErrorOf } from './issues'

const init = (over: Partial<ErrorEventInit> = {}): ErrorEventInit => ({
  eventType: DocumentEventTypes.ERROR_OCCURRED,
  documentId: 'doc-1',
  errorType: 'OcrFailed',
  errorMessage: 'page 3 is unreadable',
  ...over,
})

describe('ErrorEvent', () => {
  it('keeps the error fields; recoveryAttempted defaults to false, stackTrace is absent', () => {
    const e = new ErrorEvent(init())
    expect(e.errorType).toBe('OcrFailed')
    expect(e.errorMessage).toBe('page 3 is unreadable')
    expect(e.recoveryAttempted).toBe(false)
    expect(e.stackTrace).toBeUndefined()
    expect('stackTrace' in e).toBe(false)
    expect(e.documentId).toBe('doc-1')
  })

  it('keeps stackTrace and recoveryAttempted; null counts as absent', () => {
    const e = new ErrorEvent(init({ stackTrace: 'at ocr.ts:1', recoveryAttempted: true }))
    expect(e.stackTrace).toBe('at ocr.ts:1')
    expect(e.recoveryAttempted).toBe(true)
    const n = new ErrorEvent(init({ stackTrace: null, recoveryAttempted: null }))
    expect('stackTrace' in n).toBe(false)
    expect(n.recoveryAttempted).toBe(false)
  })

  it('accepts an empty errorMessage (only errorType must be non-empty)', () => {
    expect(new ErrorEvent(init({ errorMessage: '' })).errorMessage).toBe('')
  })

  it('is a DocumentEvent and an Event', () => {
    const e = new ErrorEvent(init())
    expect(e).toBeInstanceOf(ErrorEvent)
    expect(e).toBeInstanceOf(DocumentEvent)
    expect(e).toBeInstanceOf(Event)
    expect(e.kind).toBe('ErrorEvent')
    expect(ErrorEvent.kind).toBe('ErrorEvent')
  })

  it('is frozen', () => {
    const e = new ErrorEvent(init())
    expect(Object.isFrozen(e)).toBe(true)
    expect(() => {
      ;(e as { errorType: string }).errorType = 'Other'
    }).toThrow(TypeError)
  })

  it('with() keeps the class, id and error fields', () => {
    const e = new ErrorEvent(init({ stackTrace: 's' }))
    const changed = e.with({ recoveryAttempted: true })
    expect(changed.constructor).toBe(ErrorEvent)
    expect(changed.id).toBe(e.id)
    expect(changed.recoveryAttempted).toBe(true)
    expect(changed.errorType).toBe('OcrFailed')
    expect(changed.stackTrace).toBe('s')
  })

  it("toJSON() has kind 'ErrorEvent'", () => {
    expect(new ErrorEvent(init()).toJSON()).toMatchObject({
      kind: 'ErrorEvent',
      errorType: 'OcrFailed',
      errorMessage: 'page 3 is unreadable',
      recoveryAttempted: false,
      documentId: 'doc-1',
    })
  })

  it('can be subclassed with extra fields (the instance is frozen by the most derived class)', () => {
    class OcrError extends ErrorEvent {
      static override readonly kind: string = 'OcrError'
      readonly page: number
      constructor(i: ErrorEventInit & { readonly page: number }) {
        super(i)
        this.page = i.page
        Object.freeze(this)
      }
    }
    const e = new OcrError({ ...init(), page: 3 })
    expect(e.page).toBe(3)
    expect(e).toBeInstanceOf(ErrorEvent)
    expect(e).toBeInstanceOf(DocumentEvent)
    expect(e.kind).toBe('OcrError')
    expect(Object.isFrozen(e)).toBe(true)
    const changed = e.with({ errorMessage: 'again' })
    expect(changed).toBeInstanceOf(OcrError)
    expect(changed.page).toBe(3)
    expect(changed.id).toBe(e.id)
  })

  describe('bad input', () => {
    it('rejects a missing errorType and errorMessage, naming both', () => {
      const error = validationErrorOf(() => new ErrorEvent({ eventType: 'a.b', documentId: 'd' } as ErrorEventInit))
      expect([...error.paths].sort()).toEqual(['errorMessage', 'errorType'])
      expect(error.subject).toBe('new ErrorEvent(init)')
    })

    it.each([
      ['an empty errorType', { errorType: '' }, 'errorType'],
      ['a non-string errorMessage', { errorMessage: new Error('x') }, 'errorMessage'],
      ['a non-string stackTrace', { stackTrace: 1 }, 'stackTrace'],
      ['a non-boolean recoveryAttempted', { recoveryAttempted: 'yes' }, 'recoveryAttempted'],
      ['a missing documentId', { documentId: undefined }, 'documentId'],
    ])('rejects %s', (_label, over, path) => {
      expect(failingPaths(() => new ErrorEvent(init(over as Partial<ErrorEventInit>)))).toEqual([path])
    })

    it('names every failing path of an init with several errors at once', () => {
      const paths = failingPaths(
        () =>
          new ErrorEvent({
            eventType: '',
            traceIds: 'x',
            documentId: 1,
            pageNumbers: [-2],
            errorType: '',
            errorMessage: 5,
            stackTrace: {},
            recoveryAttempted: 0,
          } as unknown as ErrorEventInit),
      )
      expect(paths).toEqual(['documentId', 'errorMessage', 'errorType', 'eventType', 'pageNumbers', 'recoveryAttempted', 'stackTrace', 'traceIds'])
    })
  })
})
