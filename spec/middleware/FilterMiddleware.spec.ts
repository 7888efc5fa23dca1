import { DocumentEvent, DocumentEventTypes, Event, FilterMiddleware } from '../../lib'
import { marbles } from '../helpers/marbles'

const ev = (eventType: string, n = 0): Event => new Event({ eventType, payload: { n }, id: `${eventType}#${n}`, timestamp: 0 })

describe('FilterMiddleware', () => {
  it('passes everything without options', () => {
    const mw = new FilterMiddleware()
    const e = ev('a.b')
    expect(mw.process(e)).toBe(e)
  })

  it('passes only the listed event types', () => {
    const mw = new FilterMiddleware({ eventTypes: ['a.b', DocumentEventTypes.OCR_STARTED] })
    const kept = ev('a.b')
    const doc = new DocumentEvent({ eventType: DocumentEventTypes.OCR_STARTED, documentId: 'd' })
    expect(mw.process(kept)).toBe(kept)
    expect(mw.process(doc)).toBe(doc)
    expect(mw.process(ev('a.c'))).toBeNull()
    expect(mw.process(ev('a.b.c'))).toBeNull()
    expect(mw.process(ev('a'))).toBeNull()
  })

  it('passes nothing with an empty eventTypes list', () => {
    expect(new FilterMiddleware({ eventTypes: [] }).process(ev('a.b'))).toBeNull()
  })

  it('copies the eventTypes list (later changes to the array do not matter)', () => {
    const types = ['a.b']
    const mw = new FilterMiddleware({ eventTypes: types })
    types.push('c.d')
    types.shift()
    expect(mw.process(ev('a.b'))).not.toBeNull()
    expect(mw.process(ev('c.d'))).toBeNull()
  })

  it('passes only what the predicate accepts, calling it with the event', () => {
    const predicate = jest.fn((e: Event) => (e.payload['n'] as number) > 1)
    const mw = new FilterMiddleware({ predicate })
    const two = ev('a.b', 2)
    expect(mw.process(ev('a.b', 1))).toBeNull()
    expect(mw.process(two)).toBe(two)
    expect(predicate.mock.calls.map((c) => c[0])).toEqual([ev('a.b', 1), two])
  })

  it('needs both the type and the predicate when given both', () => {
    const mw = new FilterMiddleware({ eventTypes: ['a.b'], predicate: (e) => e.payload['n'] === 1 })
    expect(mw.process(ev('a.b', 1))).not.toBeNull()
    expect(mw.process(ev('a.b', 2))).toBeNull()
    expect(mw.process(ev('c.d', 1))).toBeNull()
  })

  it('does not call the predicate for an event of another type', () => {
    const predicate = jest.fn(() => true)
    new FilterMiddleware({ eventTypes: ['a.b'], predicate }).process(ev('c.d'))
    expect(predicate).not.toHaveBeenCalled()
  })

  it('has priority 0 by default and takes the priority option', () => {
    expect(new FilterMiddleware().priority).toBe(0)
    expect(new FilterMiddleware({ priority: -1 }).priority).toBe(-1)
  })

  describe('operator()', () => {
    const values = { a: ev('a.a', 1), b: ev('b.b', 2), c: ev('a.a', 3) }

    it('drops what it filters (marbles)', () => {
      marbles(({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot('  --a--b--c--|', values)
        const sourceSubs = '  ^----------!'
        const expected = '    --a-----c--|'
        expectObservable(source.pipe(new FilterMiddleware({ eventTypes: ['a.a'] }).operator())).toBe(expected, values)
        expectSubscriptions(source.subscriptions).toBe(sourceSubs)
      })
    })

    it('combines type and predicate (marbles)', () => {
      marbles(({ hot, expectObservable }) => {
        const source = hot('  --a--b--c--|', values)
        const expected = '    --------c--|'
        const mw = new FilterMiddleware({ eventTypes: ['a.a'], predicate: (e) => e.payload['n'] === 3 })
        expectObservable(source.pipe(mw.operator())).toBe(expected, values)
      })
    })

    it('errors the stream when the predicate throws', () => {
      const boom = new Error('predicate failed')
      marbles(({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot('  --a--b--c--|', values)
        const sourceSubs = '  ^----!      '
        const expected = '    --a--#      '
        const mw = new FilterMiddleware({
          predicate: (e) => {
            if (e.eventType === 'b.b') throw boom
            return true
          },
        })
        expectObservable(source.pipe(mw.operator())).toBe(expected, values, boom)
        expectSubscriptions(source.subscriptions).toBe(sourceSubs)
      })
    })
  })
})
