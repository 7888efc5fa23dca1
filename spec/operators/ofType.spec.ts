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
      const source = hot<Event>('  --a--b--c--d--|', values)
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

  describe('by event class', () => {
    const doc = new DocumentEvent({ eventType: DocumentEventTypes.OCR_COMPLETED, documentId: 'doc-1' })
    const err = new ErrorEvent({ eventType: DocumentEventTypes.ERROR_OCCURRED, documentId: 'doc-1', errorType: 'E', errorMessage: 'm' })
    const byClass = { a: values.a, d: doc, e: err }

    it('keeps the instances of the class and its subclasses (instanceof)', () => {
      marbles(({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot<Event>('  --a--d--e--a--|', byClass)
        const sourceSubs = '         ^-------------!'
        const expected = '           -----d--e-----|'
        expectObservable(source.pipe(ofType(DocumentEvent))).toBe(expected, byClass)
        expectSubscriptions(source.subscriptions).toBe(sourceSubs)
      })
    })

    it('keeps the instances of any of several classes', () => {
      marbles(({ hot, expectObservable }) => {
        const source = hot<Event>('  --a--d--e--|', byClass)
        const expected = '           --------e--|'
        expectObservable(source.pipe(ofType(ErrorEvent, ErrorEvent))).toBe(expected, byClass)
      })
    })

    it('propagates a source error', () => {
      marbles(({ hot, expectObservable }) => {
        const boom = new Error('source failed')
        const source = hot<Event>('  --d--a--#', byClass, boom)
        const expected = '           --d-----#'
        expectObservable(source.pipe(ofType(DocumentEvent))).toBe(expected, byClass, boom)
      })
    })

    it('unsubscribes from the source when the consumer does', () => {
      marbles(({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot<Event>('  --d--a--d--|', byClass)
        const sourceSubs = '         ^----!'
        const expected = '           --d---'
        expectObservable(source.pipe(ofType(DocumentEvent)), '^----!').toBe(expected, byClass)
        expectSubscriptions(source.subscriptions).toBe(sourceSubs)
      })
    })
  })

  describe('types (checked by tsc --noEmit)', () => {
    it('narrows the stream so subclass fields are usable', async () => {
      const doc = new DocumentEvent({ eventType: DocumentEventTypes.OCR_COMPLETED, documentId: 'doc-9', pageNumbers: [3] })
      const events$: Observable<Event> = of(values.a, doc, values.b)
      const narrowed$: Observable<DocumentEvent> = events$.pipe(ofType(DocumentEvent))
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

    it('narrows a union by type name, and refuses a name that is not in it', async () => {
      type Placed = Event<{ orderId: string }, 'order.placed'>
      type Paid = Event<{ amount: number }, 'order.paid'>
      const placed: Placed = new Event({ eventType: 'order.placed', payload: { orderId: 'o1' } })
      const paid: Paid = new Event({ eventType: 'order.paid', payload: { amount: 3 } })
      const source$: Observable<Placed | Paid> = of(placed, paid)
      const ids = source$.pipe(
        ofType('order.placed'),
        map((e) => e.payload.orderId),
        toArray(),
      )
      expect(await firstValueFrom(ids)).toEqual(['o1'])
      // @ts-expect-error: not an event type of the stream
      expect(await firstValueFrom(source$.pipe(ofType('order.plcaed'), toArray()))).toEqual([])
      // @ts-expect-error: the unchecked cast of 0.1 is gone (use a map, or ofType(EventClass))
      expect(source$.pipe(ofType<DocumentEvent>('order.placed'))).toBeDefined()
    })

    it('narrows to a deeper subclass', async () => {
      const err = new ErrorEvent({ eventType: DocumentEventTypes.ERROR_OCCURRED, documentId: 'd', errorType: 'OcrFailed', errorMessage: 'm' })
      const source$: Observable<Event> = of(values.a, err)
      const types = await firstValueFrom(
        source$.pipe(
          ofType(ErrorEvent),
          map((e) => [e.errorType, e.documentId, e.recoveryAttempted] as const),
          toArray(),
        ),
      )
      expect(types).toEqual([['OcrFailed', 'd', false]])
    })
  })
})
