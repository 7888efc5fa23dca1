import type { Observable } from 'rxjs'
import { Event, EventBus, type DeadLetter, type MetricsSnapshot } from '../../lib'
import { inspectorFeed } from '../../lib/inspector/inspectorFeed'
import { summarizeDeadLetter, summarizeEvent, type InspectorMessage } from '../../lib/inspector/messages'
import { marbles } from '../helpers/marbles'

const snapshot: MetricsSnapshot = new EventBus().getMetrics()
const e = {
  a: new Event({ eventType: 'doc.a', id: 'a', payload: { n: 1 }, timestamp: 1 }),
  b: new Event({ eventType: 'doc.b', id: 'b', payload: { n: 2 }, timestamp: 2 }),
  c: new Event({ eventType: 'doc.c', id: 'c', payload: { n: 3 }, timestamp: 3 }),
  d: new Event({ eventType: 'doc.d', id: 'd', payload: { n: 4 }, timestamp: 4 }),
}
const letter: DeadLetter = { event: e.a, reason: 'timeout', handler: 'slow', attempts: 2, error: new Error('timed out') }
const event = (x: Event, payloads = false): InspectorMessage => ({ kind: 'event', data: summarizeEvent(x, payloads) })
const metrics = (skippedEvents: number): InspectorMessage => ({ kind: 'metrics', data: { snapshot, skippedEvents } })
const dead: InspectorMessage = { kind: 'deadLetter', data: summarizeDeadLetter(letter, false) }
const busOf = (events$: Observable<Event>, metrics$: Observable<unknown>, deadLetters$: Observable<unknown>) => ({
  events$,
  metrics$: metrics$ as Observable<MetricsSnapshot>,
  deadLetters$: deadLetters$ as Observable<DeadLetter>,
})

describe('inspectorFeed', () => {
  it('merges snapshots, events (at most N between two snapshots, the rest counted) and dead letters', () => {
    marbles(({ hot, expectObservable }) => {
      const events$ = hot('      -a-b-c-----d-|', e)
      const metrics$ = hot('     s-------s-----|', { s: snapshot })
      const deadLetters$ = hot(' ----x--------|', { x: letter })
      const expected = '         SA-BX---T--D--|'
      expectObservable(inspectorFeed(busOf(events$, metrics$, deadLetters$), { payloads: false, maxEventsPerSnapshot: 2 })).toBe(expected, {
        S: metrics(0),
        A: event(e.a),
        B: event(e.b),
        X: dead,
        T: metrics(1),
        D: event(e.d),
      })
    })
  })

  it('includes payloads when asked', () => {
    marbles(({ hot, expectObservable }) => {
      const events$ = hot('-a-|', e)
      const expected = '   -A-|'
      expectObservable(inspectorFeed(busOf(events$, hot('---|'), hot('---|')), { payloads: true })).toBe(expected, { A: event(e.a, true) })
    })
  })

  it('propagates an error of a stream', () => {
    marbles(({ hot, expectObservable }) => {
      const events$ = hot('  -a-#', e)
      const expected = '     -A-#'
      expectObservable(inspectorFeed(busOf(events$, hot('----'), hot('----')), { payloads: false })).toBe(expected, { A: event(e.a) })
    })
  })

  it('unsubscribes from every stream when its subscriber does', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const events$ = hot('      -a-b-c-|', e)
      const metrics$ = hot('     s------|', { s: snapshot })
      const deadLetters$ = hot(' -------|')
      const subs = '             ^--!'
      const expected = '         SA-'
      expectObservable(inspectorFeed(busOf(events$, metrics$, deadLetters$), { payloads: false }), subs).toBe(expected, { S: metrics(0), A: event(e.a) })
      expectSubscriptions(events$.subscriptions).toBe(subs)
      expectSubscriptions(metrics$.subscriptions).toBe(subs)
      expectSubscriptions(deadLetters$.subscriptions).toBe(subs)
    })
  })

  it('emits nothing and completes with empty streams; never with never', () => {
    marbles(({ cold, expectObservable }) => {
      expectObservable(inspectorFeed(busOf(cold('|'), cold('|'), cold('|')), { payloads: false })).toBe('|')
      expectObservable(inspectorFeed(busOf(cold('-'), cold('-'), cold('-')), { payloads: false })).toBe('-')
    })
  })

  it('counts per subscriber (a cold Observable)', () => {
    marbles(({ hot, expectObservable }) => {
      const events$ = hot('-a-b-|', e)
      const feed = inspectorFeed(busOf(events$, hot('-----|'), hot('-----|')), { payloads: false, maxEventsPerSnapshot: 1 })
      expectObservable(feed).toBe('-A---|', { A: event(e.a) })
      expectObservable(feed).toBe('-A---|', { A: event(e.a) })
    })
  })
})
