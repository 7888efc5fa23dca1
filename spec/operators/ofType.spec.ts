import { firstValueFrom, map, of, toArray, type Observable } from 'rxjs'
import { DocumentEvent, DocumentEventTypes, ErrorEvent, Event, ofType } from '../../lib'
import { marbles } from '../helpers/marbles'

const values = {
  a: new Event({ eventType: 'x.created', id: 'a', timestamp: 0 }),
  b: new Event({ eventType: 'y.deleted', id: 'b', timestamp: 0 }),
  c: new Event({ eventType: 'x.created', id: 'c', timestamp: 0 }),
  d: new Event({ eventType: 'z.updated', id: 'd', timestamp: 0 }),
}

describe('ofType', () => {
  it('keeps only the events of the given type', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--c--d--|', values)
      const sourceSubs = '  ^-------------!'
      const expected = '    --a-----c-----|'
      expectObservable(source.pipe(ofType('x.created'))).toBe(expected, values)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('keeps the events of any of several types', () => {
    marbles(({ hot, expectObservable }) => {
      const source = hot('  --a--b--c--d--|', values)
      const expected = '    --a-----c--d--|'
      expectObservable(source.pipe(ofType('x.created', 'z.updated'))).toBe(expected, values)
    })
  })

  it('keeps nothing when given no types', () => {
    marbles(({ hot, expectObservable }) => {
      const source = hot('  --a--b--|', values)
      const expected = '    --------|'
      expectObservable(source.pipe(ofType())).toBe(expected)
    })
  })

  it('matches type names exactly: no patterns, prefixes or case folding', () => {
    marbles(({ hot, expectObservable }) => {
      const source = hot('  --a--b--c--d--|', values)
      const expected = '    --------------|'
      expectObservable(source.pipe(ofType('x.*', 'x', 'X.CREATED', 'x.created.more', '>'))).toBe(expected)
    })
  })

  it('propagates a source error', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const boom = new Error('source failed')
      const source = hot('  --a--b--#', values, boom)
      const sourceSubs = '  ^-------!'
      const expected = '    --a-----#'
      expectObservable(source.pipe(ofType('x.created'))).toBe(expected, values, boom)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('unsubscribes from the source when the consumer does', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--c--d--|', values)
      const unsub = '       ^------!       '
      const sourceSubs = '  ^------!       '
      const expected = '    --a-----       '
      expectObservable(source.pipe(ofType('x.created')), unsub).toBe(expected, values)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('completes at once on an empty source', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<Event>('|')
      const sourceSubs = '        (^!)'
      const expected = '          |'
      expectObservable(source.pipe(ofType('x.created'))).toBe(expected)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('never emits nor completes on a never source', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<Event>('-')
      const sourceSubs = '        ^'
      const expected = '          -'
      expectObservable(source.pipe(ofType('x.created'))).toBe(expected)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
  })

  it('is reusable: the same operator serves independent subscriptions', () => {
    const op = ofType('x.created')
    marbles(({ cold, expectObservable }) => {
      expectObservable(cold('a-b|', values).pipe(op)).toBe('a--|', values)
      expectObservable(cold('-bc|', values).pipe(op)).toBe('--c|', values)
    })
  })

  describe('types (checked by tsc --noEmit)', () => {
    it('narrows the stream so subclass fields are usable', async () => {
      const doc = new DocumentEvent({ eventType: DocumentEventTypes.OCR_COMPLETED, documentId: 'doc-9', pageNumbers: [3] })
      const events$: Observable<Event> = of(values.a, doc, values.b)
      const narrowed$: Observable<DocumentEvent> = events$.pipe(ofType<DocumentEvent>(DocumentEventTypes.OCR_COMPLETED))
      const ids = await firstValueFrom(
        narrowed$.pipe(
          map((e) => `${e.documentId}:${e.pageNumbers.join(',')}`),
          toArray(),
        ),
      )
      expect(ids).toEqual(['doc-9:3'])
    })

    it('rejects subclass fields on an un-narrowed stream, and keeps the input type by default', async () => {
      const events$: Observable<Event> = of(values.a)
      // @ts-expect-error: an Event has no documentId until the stream is narrowed
      const wrong = events$.pipe(map((e) => e.documentId as unknown))
      expect(wrong).toBeDefined()
      const same: Observable<Event> = events$.pipe(ofType('x.created'))
      expect(await firstValueFrom(same)).toBe(values.a)
    })

    it('narrows to a deeper subclass', async () => {
      const err = new ErrorEvent({ eventType: DocumentEventTypes.ERROR_OCCURRED, documentId: 'd', errorType: 'OcrFailed', errorMessage: 'm' })
      const source$: Observable<Event> = of(values.a, err)
      const types = await firstValueFrom(
        source$.pipe(
          ofType<ErrorEvent>(DocumentEventTypes.ERROR_OCCURRED),
          map((e) => [e.errorType, e.documentId, e.recoveryAttempted] as const),
          toArray(),
        ),
      )
      expect(types).toEqual([['OcrFailed', 'd', false]])
    })
  })
})
