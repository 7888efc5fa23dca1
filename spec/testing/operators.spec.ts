import { map } from 'rxjs'
import { Event, type DeadLetter } from '../../lib'
import { asOperator, deadLetterReasons, eventTypes } from '../../lib/testing'
import { marbles } from '../helpers/marbles'

const a = new Event({ eventType: 'a.created' })
const b = new Event({ eventType: 'b.deleted' })
const letter: DeadLetter = { event: a, reason: 'timeout', attempts: 1 }

describe('testing operators (the RxJS set)', () => {
  it('eventTypes: happy path, source error, early unsubscribe', () => {
    marbles(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--|', { a, b })
      const sourceSubs = '  ^-------!'
      expectObservable(source.pipe(eventTypes())).toBe('--x--y--|', { x: 'a.created', y: 'b.deleted' })
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
      const failing = cold('--a--#', { a })
      expectObservable(failing.pipe(eventTypes())).toBe('--x--#', { x: 'a.created' })
      const long = hot('--a--b--a--|', { a, b })
      expectObservable(long.pipe(eventTypes()), '^-----!').toBe('--x--y', { x: 'a.created', y: 'b.deleted' })
    })
  })

  it('eventTypes and deadLetterReasons: empty and never', () => {
    marbles(({ cold, expectObservable }) => {
      expectObservable(cold<Event>('|').pipe(eventTypes())).toBe('|')
      expectObservable(cold<Event>('-').pipe(eventTypes())).toBe('-')
      expectObservable(cold<DeadLetter>('|').pipe(deadLetterReasons())).toBe('|')
      expectObservable(cold<DeadLetter>('-').pipe(deadLetterReasons())).toBe('-')
    })
  })

  it('deadLetterReasons: happy path, source error, early unsubscribe', () => {
    marbles(({ hot, cold, expectObservable }) => {
      expectObservable(hot('-d-|', { d: letter }).pipe(deadLetterReasons())).toBe('-r-|', { r: 'timeout:a.created' })
      expectObservable(cold('-d-#', { d: letter }).pipe(deadLetterReasons())).toBe('-r-#', { r: 'timeout:a.created' })
      expectObservable(hot('-d-d-|', { d: letter }).pipe(deadLetterReasons()), '^-!').toBe('-r', { r: 'timeout:a.created' })
    })
  })

  it('asOperator passes a callback error of a plain operator through as the stream error', () => {
    marbles(({ cold, expectObservable }) => {
      const boom = new Error('boom')
      const throwing = asOperator(
        map((e: Event) => {
          if (e.eventType === 'b.deleted') throw boom
          return e
        }),
      )
      expectObservable(cold('-a-b-a|', { a, b }).pipe(throwing)).toBe('-a-#', { a }, boom)
    })
  })
})
