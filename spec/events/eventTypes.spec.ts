import { DocumentEventTypes, EVENT_TYPE_PATTERN, Event, EventPriority, ProcessingEventTypes } from '../../lib'

/** domain.action.state: exactly three segments of letters, digits, `_` and `-`. */
const THREE_SEGMENTS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

describe('EventPriority', () => {
  it('has exactly IMMEDIATE, NORMAL and DEFERRED', () => {
    expect(EventPriority).toEqual({ IMMEDIATE: 'immediate', NORMAL: 'normal', DEFERRED: 'deferred' })
  })

  it.each(Object.values(EventPriority))('is accepted by an Event: %s', (priority) => {
    expect(new Event({ eventType: 'a.b', priority }).priority).toBe(priority)
  })
})

describe('DocumentEventTypes', () => {
  it('has the seed names and values', () => {
    expect(DocumentEventTypes).toEqual({
      PROCESSING_STARTED: 'document.processing.started',
      PROCESSING_COMPLETED: 'document.processing.completed',
      OCR_STARTED: 'document.ocr.started',
      OCR_COMPLETED: 'document.ocr.completed',
      LAYOUT_ANALYZED: 'document.layout.analyzed',
      TABLE_EXTRACTED: 'document.table.extracted',
      TEXT_EXTRACTED: 'document.text.extracted',
      VALIDATION_REQUIRED: 'document.validation.required',
      VALIDATION_COMPLETED: 'document.validation.completed',
      ERROR_OCCURRED: 'document.error.occurred',
    })
  })

  it.each(Object.entries(DocumentEventTypes))('%s = %s is domain.action.state in the document domain', (_name, value) => {
    expect(value).toMatch(EVENT_TYPE_PATTERN)
    expect(value).toMatch(THREE_SEGMENTS)
    expect(value.startsWith('document.')).toBe(true)
    expect(new Event({ eventType: value }).eventType).toBe(value)
  })

  it('has distinct values', () => {
    const values = Object.values(DocumentEventTypes)
    expect(new Set(values).size).toBe(values.length)
  })
})

describe('ProcessingEventTypes', () => {
  it('runs from processing.job.enqueued to processing.session.progress_updated', () => {
    const values = Object.values(ProcessingEventTypes)
    expect(values[0]).toBe('processing.job.enqueued')
    expect(values[values.length - 1]).toBe('processing.session.progress_updated')
    expect(ProcessingEventTypes.JOB_ENQUEUED).toBe('processing.job.enqueued')
    expect(ProcessingEventTypes.SESSION_PROGRESS_UPDATED).toBe('processing.session.progress_updated')
    expect(values).toHaveLength(20)
    // the seed's names, so events from the Python services interoperate
    expect(ProcessingEventTypes.JOB_PROGRESS).toBe('processing.job.progress')
    expect(ProcessingEventTypes.QUEUE_STATUS_CHANGED).toBe('processing.queue.status_changed')
    expect(ProcessingEventTypes.WORKER_STATUS_CHANGED).toBe('processing.worker.status_changed')
    expect(ProcessingEventTypes.PROGRESS_UPDATED).toBe('processing.progress.updated')
    expect(new Set(values).size).toBe(values.length)
  })

  it.each(Object.entries(ProcessingEventTypes))('%s = %s is domain.action.state in the processing domain', (_name, value) => {
    expect(value).toMatch(EVENT_TYPE_PATTERN)
    expect(value).toMatch(THREE_SEGMENTS)
    expect(value.startsWith('processing.')).toBe(true)
    expect(new Event({ eventType: value }).eventType).toBe(value)
  })

  it('has distinct values, none shared with DocumentEventTypes', () => {
    const values = Object.values(ProcessingEventTypes)
    expect(new Set(values).size).toBe(values.length)
    const documentValues = new Set<string>(Object.values(DocumentEventTypes))
    expect(values.filter((v) => documentValues.has(v))).toEqual([])
  })
})

describe('EVENT_TYPE_PATTERN', () => {
  it.each(['a', 'a.b', 'document.processing.started', 'A_1-b.c', 'x.y.z.w'])('accepts %p', (name) => {
    expect(name).toMatch(EVENT_TYPE_PATTERN)
  })

  it.each(['', 'a b', 'a..b', '.a', 'a.', 'a.*', 'a.>', 'a\nb', 'a\u0000', 'é.b', 'a/b'])('rejects %p', (name) => {
    expect(name).not.toMatch(EVENT_TYPE_PATTERN)
  })
})
