import { filter, map, type Observable, throwError } from 'rxjs'
import { Event, EventValidationError } from '../../lib'
import { MarbleMismatchError, testSaga } from '../../lib/testing'

const placed = (orderId: string): Event => new Event({ eventType: 'order.placed', payload: { orderId } })
const billed = (orderId: string): Event => new Event({ eventType: 'order.billed', payload: { orderId } })

/** The saga under test: each placed order is billed. */
const bill = (events$: Observable<Event>): Observable<Event> =>
  events$.pipe(
    filter((e) => e.eventType === 'order.placed'),
    map((e) => new Event({ eventType: 'order.billed', payload: e.payload })),
  )

const values = { p: placed('o1'), q: placed('o2'), b: billed('o1'), c: billed('o2') }

describe('testSaga', () => {
  it('passes when the output matches, whatever the new events’ ids and timestamps', () => {
    expect(() => {
      testSaga(bill, '  -p--q--|', '  -b--c--|', values)
    }).not.toThrow()
  })

  it('delivers a value at frame 0 (the input is hot, set up after the saga subscribes)', () => {
    expect(() => {
      testSaga(bill, 'p-q|', 'b-c|', values)
    }).not.toThrow()
  })

  it('subscribes the saga at ^: earlier input is not seen', () => {
    expect(() => {
      testSaga(bill, 'p-^-q-|', '  --c-|', values)
    }).not.toThrow()
  })

  it('groups same-frame output and reads time progressions', () => {
    const twice = (events$: Observable<Event>): Observable<Event> => events$.pipe(map(() => billed('o1')))
    expect(() => {
      testSaga((e$) => bill(e$), 'p 9ms q', 'b 9ms c', values)
      testSaga(twice, '(pq)', '(bb)', values)
    }).not.toThrow()
  })

  it('fails with both diagrams and the differing frames', () => {
    let thrown: unknown
    try {
      testSaga(bill, '-p--q--|', '-b-----c--|', values)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(MarbleMismatchError)
    const mismatch = thrown as MarbleMismatchError
    expect(mismatch.name).toBe('MarbleMismatchError')
    expect(mismatch.expectedMarbles).toBe('-b-----c--|')
    expect(mismatch.actualMarbles).toBe('-b--c--|')
    expect(mismatch.differences).toEqual([
      'expected c = {"eventType":"order.billed","payload":{"orderId":"o2"},"priority":"normal","metadata":{},"traceIds":[],"kind":"Event"} at frame 7, got c = {"eventType":"order.billed","payload":{"orderId":"o2"},"priority":"normal","metadata":{},"traceIds":[],"kind":"Event"} at frame 4',
      'expected complete at frame 10, got complete at frame 7',
    ])
    expect(mismatch.message.split('\n').slice(0, 3)).toEqual([
      "the saga's output differs from the expected marbles",
      '  expected: -b-----c--|',
      '  actual:   -b--c--|',
    ])
  })

  it('fails on a payload the saga got wrong, drawing the unknown value as ?', () => {
    const wrong = (events$: Observable<Event>): Observable<Event> => events$.pipe(map(() => billed('o9')))
    expect(() => {
      testSaga(wrong, '-p|', '-b|', values)
    }).toThrow(/actual: {3}-\?\|/)
  })

  it('fails when the saga emits less than expected, or more', () => {
    expect(() => {
      testSaga(bill, '-p-|', '-b-c|', values)
    }).toThrow(/expected c = .* at frame 3, got complete at frame 3\n {2}expected complete at frame 4, got nothing more/)
    expect(() => {
      testSaga(bill, '-p-q', '-b', values)
    }).toThrow(/expected nothing more, got c = .* at frame 3/)
  })

  it('asserts an error of the saga with #, compared by name and message', () => {
    const failing = (): Observable<Event> => throwError(() => new Error('boom'))
    expect(() => {
      testSaga(failing, '-p', '#', values, { error: new Error('boom') })
    }).not.toThrow()
    expect(() => {
      testSaga(failing, '-p', '#', values, { error: new Error('other') })
    }).toThrow(/expected error Error: other at frame 0, got error Error: boom at frame 0/)
    expect(() => {
      testSaga(failing, '-p', '#', values)
    }).toThrow(/expected error "error" at frame 0, got error Error: boom at frame 0/)
  })

  it('turns a saga that throws when called into #', () => {
    const broken = (): Observable<Event> => {
      throw new TypeError('not a stream')
    }
    expect(() => {
      testSaga(broken, '-p', '#', values, { error: new TypeError('not a stream') })
    }).not.toThrow()
  })

  it('compares what select picks from both sides', () => {
    const anyBill = (events$: Observable<Event>): Observable<Event> => events$.pipe(map(() => billed('other')))
    expect(() => {
      testSaga(anyBill, '-p-q|', '-b-b|', values, { select: (e) => e.eventType })
    }).not.toThrow()
  })

  it("uses the test framework's assertion when given one", () => {
    const assert = jest.fn((actual: unknown, expected: unknown) => {
      expect(actual).toEqual(expected)
    })
    testSaga(bill, '-p|', '-b|', values, { assert, select: (e) => e.eventType })
    expect(assert).toHaveBeenCalledTimes(1)
    expect(() => {
      testSaga(bill, '-p|', '--b|', values, { assert, select: (e) => e.eventType })
    }).toThrow(/toEqual/)
  })

  it('rejects malformed arguments with an EventValidationError naming each', () => {
    const call = (...args: unknown[]): unknown => {
      try {
        ;(testSaga as (...a: unknown[]) => void)(...args)
      } catch (error) {
        return error
      }
      return undefined
    }
    const bad = call('nope', 1, null, null) as EventValidationError
    expect(bad).toBeInstanceOf(EventValidationError)
    expect(bad.issues.map((i) => i.path)).toEqual(['saga', 'input', 'expected', 'values'])
    const missing = call(bill, '-p-x|', '-b-y|', values) as EventValidationError
    expect(missing.issues.map((i) => [i.path, i.expected])).toEqual([
      ['values.x', "an Event (key 'x' is in input)"],
      ['values.y', "an Event (key 'y' is in expected)"],
    ])
    expect(call(bill, '-p-(|', '-', values)).toBeInstanceOf(Error)
  })
})

describe('testSaga diagrams', () => {
  it('draws long gaps as time progressions and same-frame values as groups', () => {
    const late = (events$: Observable<Event>): Observable<Event> => events$.pipe(map(() => billed('o1')))
    expect(() => {
      testSaga(late, '(pq) 30ms p|', '(bb) 30ms b 5ms |', values)
    }).toThrow(/expected: \(bb\) 30ms b-----\|\n {2}actual: {3}\(bb\) 30ms b\|/)
  })
})
