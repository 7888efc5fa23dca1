import { DocumentEvent, Event, EventValidationError, ProcessingEvent, ProcessingEventTypes, type ProcessingEventInit } from '../../lib'
import { failingPaths, validationErrorOf } from './issues'

const OPTIONAL = ['fileId', 'jobId', 'batchId', 'sessionId', 'queueName', 'workerId', 'progress', 'error', 'retryCount', 'processingTime'] as const

describe('ProcessingEvent', () => {
  it('needs only an eventType: the optional fields are absent and data is {}', () => {
    const e = new ProcessingEvent({ eventType: ProcessingEventTypes.JOB_ENQUEUED })
    for (const key of OPTIONAL) {
      expect(key in e).toBe(false)
      expect(e[key]).toBeUndefined()
    }
    expect(e.data).toEqual({})
    expect(Object.isFrozen(e.data)).toBe(true)
  })

  it('keeps every field it is given', () => {
    const e = new ProcessingEvent({
      eventType: ProcessingEventTypes.JOB_PROGRESS,
      fileId: 'f1',
      jobId: 'j1',
      batchId: 'b1',
      sessionId: 's1',
      queueName: 'ocr',
      workerId: 'w1',
      progress: 0.5,
      error: 'none',
      retryCount: 2,
      processingTime: 12.5,
      data: { pages: 3 },
    })
    expect(e).toMatchObject({
      fileId: 'f1',
      jobId: 'j1',
      batchId: 'b1',
      sessionId: 's1',
      queueName: 'ocr',
      workerId: 'w1',
      progress: 0.5,
      error: 'none',
      retryCount: 2,
      processingTime: 12.5,
      data: { pages: 3 },
    })
  })

  it('treats null as absent for the optional fields', () => {
    const e = new ProcessingEvent({ eventType: 'a.b', jobId: null, progress: null, retryCount: null, data: null })
    expect('jobId' in e).toBe(false)
    expect('progress' in e).toBe(false)
    expect('retryCount' in e).toBe(false)
    expect(e.data).toEqual({})
  })

  it.each([0, 1, 0.25])('accepts progress %p (the ends of 0..1 included)', (progress) => {
    expect(new ProcessingEvent({ eventType: 'a.b', progress }).progress).toBe(progress)
  })

  it('accepts retryCount 0 and processingTime 0', () => {
    const e = new ProcessingEvent({ eventType: 'a.b', retryCount: 0, processingTime: 0 })
    expect(e.retryCount).toBe(0)
    expect(e.processingTime).toBe(0)
  })

  it('is an Event but not a DocumentEvent', () => {
    const e = new ProcessingEvent({ eventType: 'a.b' })
    expect(e).toBeInstanceOf(ProcessingEvent)
    expect(e).toBeInstanceOf(Event)
    expect(e).not.toBeInstanceOf(DocumentEvent)
    expect(e.kind).toBe('ProcessingEvent')
  })

  it('is frozen, with frozen data, and its optional fields cannot be changed', () => {
    const e = new ProcessingEvent({ eventType: 'a.b', jobId: 'j1', data: { nested: { x: 1 } } })
    expect(Object.isFrozen(e)).toBe(true)
    expect(Object.isFrozen(e.data)).toBe(true)
    expect(Object.isFrozen(e.data['nested'])).toBe(true)
    expect(() => {
      ;(e as { jobId?: string }).jobId = 'j2'
    }).toThrow(TypeError)
    expect(() => {
      ;(e as { fileId?: string }).fileId = 'f'
    }).toThrow(TypeError)
  })

  it('with() keeps the class, id and fields', () => {
    const e = new ProcessingEvent({ eventType: 'a.b', jobId: 'j1', progress: 0.1 })
    const changed = e.with({ progress: 0.9 })
    expect(changed.constructor).toBe(ProcessingEvent)
    expect(changed.id).toBe(e.id)
    expect(changed.jobId).toBe('j1')
    expect(changed.progress).toBe(0.9)
    expect(() => e.with({ progress: 2 })).toThrow(EventValidationError)
  })

  it("toJSON() has kind 'ProcessingEvent' and only the fields present", () => {
    const json = new ProcessingEvent({ eventType: 'a.b', jobId: 'j1', progress: 0 }).toJSON()
    expect(json).toMatchObject({ kind: 'ProcessingEvent', jobId: 'j1', progress: 0, data: {} })
    expect('fileId' in json).toBe(false)
  })

  it('can be subclassed with extra fields (the instance is frozen by the most derived class)', () => {
    class Tagged extends ProcessingEvent {
      readonly tag: string
      constructor(i: ProcessingEventInit & { readonly tag: string }) {
        super(i)
        this.tag = i.tag
        Object.freeze(this)
      }
    }
    const e = new Tagged({ ...{ eventType: 'a.b', jobId: 'j1' }, tag: 't' })
    expect(e.tag).toBe('t')
    expect(e).toBeInstanceOf(ProcessingEvent)
    expect(Object.isFrozen(e)).toBe(true)
    expect(e.with({}).tag).toBe('t')
  })

  describe('bad input', () => {
    it.each([
      ['progress above 1', { progress: 1.01 }, 'progress'],
      ['progress below 0', { progress: -0.1 }, 'progress'],
      ['progress as a string', { progress: '50%' }, 'progress'],
      ['progress as Infinity', { progress: Infinity }, 'progress'],
      ['a negative retryCount', { retryCount: -1 }, 'retryCount'],
      ['a fractional retryCount', { retryCount: 1.5 }, 'retryCount'],
      ['a negative processingTime', { processingTime: -1 }, 'processingTime'],
      ['an infinite processingTime', { processingTime: Infinity }, 'processingTime'],
      ['data as an array', { data: [1] }, 'data'],
      ['a numeric jobId', { jobId: 1 }, 'jobId'],
      ['a numeric fileId', { fileId: 1 }, 'fileId'],
      ['a boolean error', { error: true }, 'error'],
    ])('rejects %s', (_label, over, path) => {
      expect(failingPaths(() => new ProcessingEvent({ eventType: 'a.b', ...over } as unknown as ProcessingEventInit))).toEqual([path])
    })

    // lib bug: NaN !== NaN defeats the union-member path collapsing in lib/internal/ioTsIssues.ts.
    it('rejects a NaN progress at the path progress', () => {
      expect(failingPaths(() => new ProcessingEvent({ eventType: 'a.b', progress: NaN }))).toEqual(['progress'])
    })

    it('rejects a NaN progress (whatever the path)', () => {
      expect(() => new ProcessingEvent({ eventType: 'a.b', progress: NaN })).toThrow(EventValidationError)
    })

    it('names every failing path of an init with several errors at once', () => {
      const error = validationErrorOf(
        () =>
          new ProcessingEvent({
            eventType: 'bad\ttype',
            progress: 3,
            retryCount: -2,
            processingTime: -5,
            data: 'd',
            workerId: 9,
          } as unknown as ProcessingEventInit),
      )
      expect([...error.paths].sort()).toEqual(['data', 'eventType', 'processingTime', 'progress', 'retryCount', 'workerId'])
      expect(error.subject).toBe('new ProcessingEvent(init)')
    })
  })
})
