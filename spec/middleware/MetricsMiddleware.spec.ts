import { map } from 'rxjs'
import { DocumentEvent, DocumentEventTypes, ErrorEvent, Event, MetricsMiddleware } from '../../lib'
import { marbles } from '../helpers/marbles'

const ev = (eventType: string): Event => new Event({ eventType })
const errorEvent = (errorType: string): ErrorEvent =>
  new ErrorEvent({ eventType: DocumentEventTypes.ERROR_OCCURRED, documentId: 'd', errorType, errorMessage: 'm' })

describe('MetricsMiddleware', () => {
  it('starts at zero', () => {
    expect(new MetricsMiddleware().getMetrics()).toEqual({ eventCounts: {}, errorCounts: {}, totalEvents: 0, totalErrors: 0 })
  })

  it('counts events by type and passes them on unchanged', () => {
    const mw = new MetricsMiddleware()
    const a = ev('a.b')
    expect(mw.process(a)).toBe(a)
    mw.process(ev('a.b'))
    mw.process(ev('c.d'))
    expect(mw.getMetrics()).toEqual({ eventCounts: { 'a.b': 2, 'c.d': 1 }, errorCounts: {}, totalEvents: 3, totalErrors: 0 })
  })

  it('counts DocumentEventTypes values (the original dropped them)', () => {
    const mw = new MetricsMiddleware()
    for (const eventType of Object.values(DocumentEventTypes)) mw.process(new DocumentEvent({ eventType, documentId: 'd' }))
    mw.process(new DocumentEvent({ eventType: DocumentEventTypes.PROCESSING_STARTED, documentId: 'd2' }))
    const m = mw.getMetrics()
    expect(m.totalEvents).toBe(Object.values(DocumentEventTypes).length + 1)
    expect(m.eventCounts[DocumentEventTypes.PROCESSING_STARTED]).toBe(2)
    for (const eventType of Object.values(DocumentEventTypes)) expect(m.eventCounts[eventType]).toBeGreaterThanOrEqual(1)
  })

  it('counts ErrorEvents by errorType, as events of their type too', () => {
    const mw = new MetricsMiddleware()
    mw.process(errorEvent('OcrFailed'))
    mw.process(errorEvent('OcrFailed'))
    mw.process(errorEvent('Timeout'))
    mw.process(ev('a.b'))
    expect(mw.getMetrics()).toEqual({
      eventCounts: { [DocumentEventTypes.ERROR_OCCURRED]: 3, 'a.b': 1 },
      errorCounts: { OcrFailed: 2, Timeout: 1 },
      totalEvents: 4,
      totalErrors: 3,
    })
  })

  it('does not count an ordinary event as an error, whatever its type or payload', () => {
    const mw = new MetricsMiddleware()
    mw.process(new Event({ eventType: DocumentEventTypes.ERROR_OCCURRED, payload: { errorType: 'X' } }))
    mw.process(new DocumentEvent({ eventType: DocumentEventTypes.ERROR_OCCURRED, documentId: 'd' }))
    expect(mw.getMetrics()).toMatchObject({ errorCounts: {}, totalErrors: 0, totalEvents: 2 })
  })

  it('returns frozen snapshots that later events do not change', () => {
    const mw = new MetricsMiddleware()
    mw.process(ev('a.b'))
    const first = mw.getMetrics()
    mw.process(ev('a.b'))
    mw.process(errorEvent('E'))
    expect(first).toEqual({ eventCounts: { 'a.b': 1 }, errorCounts: {}, totalEvents: 1, totalErrors: 0 })
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(first.eventCounts)).toBe(true)
    expect(Object.isFrozen(first.errorCounts)).toBe(true)
    expect(mw.getMetrics().totalEvents).toBe(3)
  })

  it('keeps prototype-like names as plain keys (no pollution)', () => {
    const mw = new MetricsMiddleware()
    mw.process(ev('__proto__'))
    mw.process(ev('constructor'))
    mw.process(ev('toString'))
    mw.process(errorEvent('__proto__'))
    const m = mw.getMetrics()
    expect(Object.getOwnPropertyDescriptor(m.eventCounts, '__proto__')?.value).toBe(1)
    expect(Object.getOwnPropertyDescriptor(m.eventCounts, 'constructor')?.value).toBe(1)
    expect(Object.getOwnPropertyDescriptor(m.errorCounts, '__proto__')?.value).toBe(1)
    expect(Object.getPrototypeOf(m.eventCounts)).toBe(Object.prototype)
    expect(Object.keys(m.eventCounts).sort()).toEqual(['__proto__', 'constructor', 'document.error.occurred', 'toString'])
  })

  it('has priority 0 by default and takes the priority option', () => {
    expect(new MetricsMiddleware().priority).toBe(0)
    expect(new MetricsMiddleware({ priority: 3 }).priority).toBe(3)
  })

  it('shows the running counts at every frame (marbles)', () => {
    const mw = new MetricsMiddleware()
    const values = { a: ev('a.a'), b: ev('b.b'), e: errorEvent('Boom') }
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--a--e--|', values)
      const sourceSubs = '  ^-------------!'
      const expected = '    --w--x--y--z--|'
      const counts$ = source.pipe(
        mw.operator(),
        map(() => mw.getMetrics()),
      )
      expectObservable(counts$).toBe(expected, {
        w: { eventCounts: { 'a.a': 1 }, errorCounts: {}, totalEvents: 1, totalErrors: 0 },
        x: { eventCounts: { 'a.a': 1, 'b.b': 1 }, errorCounts: {}, totalEvents: 2, totalErrors: 0 },
        y: { eventCounts: { 'a.a': 2, 'b.b': 1 }, errorCounts: {}, totalEvents: 3, totalErrors: 0 },
        z: { eventCounts: { 'a.a': 2, 'b.b': 1, 'document.error.occurred': 1 }, errorCounts: { Boom: 1 }, totalEvents: 4, totalErrors: 1 },
      })
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })
})
