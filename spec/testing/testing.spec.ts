import { filter, map, timer } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Event, FilterMiddleware } from '../../lib'
import { asOperator, createTestBus, deadLetterReasons, eventTypes, MarbleRecorder } from '../../lib/testing'

const a = new Event({ eventType: 'order.placed', payload: { n: 1 } })
const b = new Event({ eventType: 'order.cancelled', payload: { n: 2 } })

describe('@torematrix/event-bus/testing', () => {
  it('marble-tests a whole bus: what it published, dead-lettered and measured', () => {
    const scheduler = new TestScheduler((actual, expected) => {
      expect(actual).toEqual(expected)
    })
    scheduler.run(({ cold, expectObservable }) => {
      const bus = createTestBus(scheduler, { defaultTimeoutMs: 20 })
      bus.subscribe('order.placed', (_e, ctx) => timer(5).pipe(map(() => void ctx.publish(new Event({ eventType: 'order.billed' })))))
      bus.subscribe('order.cancelled', () => timer(50))
      bus.publishFrom(cold('-a--b-----|', { a, b }))
      expectObservable(bus.events$.pipe(eventTypes())).toBe('-a--b-c', { a: 'order.placed', b: 'order.cancelled', c: 'order.billed' })
      expectObservable(bus.deadLetters$.pipe(deadLetterReasons())).toBe('24ms t', { t: 'timeout:order.cancelled' })
    })
  })

  it('records a stream into a marble diagram', () => {
    const scheduler = new TestScheduler((actual, expected) => {
      expect(actual).toEqual(expected)
    })
    scheduler.run(({ cold, flush }) => {
      const source = cold('a-(bc) 5ms d|', { a, b, c: a, d: b })
      const recorder = new MarbleRecorder(source, scheduler)
      flush()
      expect(recorder.toMarbles((e) => (e.eventType === 'order.placed' ? 'p' : 'x'))).toBe('p - (xp) 5ms x |')
      expect(recorder.frames.map((f) => f.frame)).toEqual([0, 2, 2, 11])
      recorder.unsubscribe()
    })
  })

  it('draws a recording that has not completed, and tells the current frame', () => {
    const scheduler = new TestScheduler((actual, expected) => {
      expect(actual).toEqual(expected)
    })
    scheduler.run(({ cold, flush }) => {
      const recorder = new MarbleRecorder(cold('-a 3ms (bc)', { a, b, c: a }), scheduler)
      flush()
      expect(recorder.toMarbles((e) => (e.eventType === 'order.placed' ? 'p' : 'x'))).toBe('- p 3ms (xp)')
      expect(recorder.now).toBe(5)
    })
  })

  it('turns a BaseMiddleware or an operator into an operator for marble tests', () => {
    const scheduler = new TestScheduler((actual, expected) => {
      expect(actual).toEqual(expected)
    })
    scheduler.run(({ hot, expectObservable }) => {
      const source = hot('--a--b--|', { a, b })
      expectObservable(source.pipe(asOperator(new FilterMiddleware({ eventTypes: ['order.placed'] })))).toBe('--a-----|', { a })
      expectObservable(source.pipe(asOperator(filter((e: Event) => e.eventType !== 'order.placed')))).toBe('-----b--|', { b })
    })
  })
})
