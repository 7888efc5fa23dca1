import { Subject, throwError } from 'rxjs'
import { Ledger } from '../../lib/bus/Ledger'
import type { Transport } from '../../lib/bus/transport'
import { TransportError } from '../../lib/errors/TransportError'
import type { Event } from '../../lib/events/Event'
import { Tracked } from '../../lib/pipeline/Tracked'
import { sendTo } from '../../lib/transports/sendTo'
import { ev } from '../helpers/fixtures'
import { marbles } from '../helpers/marbles'

/** A transport whose `publish` resolves or rejects as `answer` says, recording what it was given. */
function fakeTransport(answer: (event: Event) => Promise<void>): Transport & { readonly sent: Event[] } {
  const sent: Event[] = []
  const never = (): never => {
    throw new Error('not used by sendTo')
  }
  return {
    name: 'fake',
    sent,
    publish: (event) => {
      sent.push(event)
      return answer(event)
    },
    connect: never,
    subscribe: never,
    deadLetter: never,
    pause: never,
    close: never,
    status: never,
  }
}

function sentRecord(type: string): { rec: Tracked; outcome: Promise<Error | undefined> } {
  const rec = new Tracked(ev(type), null)
  const outcome = new Promise<Error | undefined>((resolve) => {
    rec.sent = resolve
  })
  return { rec, outcome }
}

describe('sendTo', () => {
  it('writes each record to the broker, emits nothing, and completes with its source', () => {
    const transport = fakeTransport(() => Promise.resolve())
    const ledger = new Ledger(10, false)
    const r = { a: new Tracked(ev('s.a'), null), b: new Tracked(ev('s.b'), null) }
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--|', r)
      const sourceSubs = '  ^-------!'
      const expected = '    --------|'
      expectObservable(source.pipe(sendTo(transport, ledger))).toBe(expected)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
    expect(transport.sent.map((e) => e.eventType)).toEqual(['s.a', 's.b'])
    expect(ledger.isIdle()).toBe(false) // the broker has not answered yet
  })

  it('settles each publish with the broker answer, a failure as a TransportError that says to retry', async () => {
    const transport = fakeTransport((e) => (e.eventType === 's.bad' ? Promise.reject(new Error('no route')) : Promise.resolve()))
    const ledger = new Ledger(10, false)
    const source = new Subject<Tracked>()
    source.pipe(sendTo(transport, ledger)).subscribe()
    const ok = sentRecord('s.ok')
    const bad = sentRecord('s.bad')
    source.next(ok.rec)
    source.next(bad.rec)
    expect(await ok.outcome).toBeUndefined()
    const error = await bad.outcome
    expect(error).toBeInstanceOf(TransportError)
    expect(error?.message).toMatch(/publish\('s\.bad'\) failed: Error: no route; retry the publish/)
    expect([ok.rec.done, bad.rec.done]).toEqual([true, true])
    await ledger.drain() // both answers are in
  })

  it('passes a source error on, and sends nothing after an early unsubscribe', () => {
    const transport = fakeTransport(() => Promise.resolve())
    const ledger = new Ledger(10, false)
    const r = { a: new Tracked(ev('s.a'), null), b: new Tracked(ev('s.b'), null) }
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const failing = hot('  --a--#', r)
      expectObservable(failing.pipe(sendTo(transport, ledger))).toBe('-----#')
      const source = hot('   --a---b--|', r)
      expectObservable(source.pipe(sendTo(transport, ledger)), '^----!').toBe('------')
      expectSubscriptions(source.subscriptions).toBe('^----!')
    })
    expect(transport.sent.map((e) => e.eventType)).toEqual(['s.a', 's.a'])
  })

  it('empty and never: nothing is sent', () => {
    const transport = fakeTransport(() => Promise.resolve())
    const ledger = new Ledger(10, false)
    marbles(({ cold, expectObservable }) => {
      expectObservable(cold<Tracked>('|').pipe(sendTo(transport, ledger))).toBe('|')
      expectObservable(cold<Tracked>('-').pipe(sendTo(transport, ledger))).toBe('-')
      expectObservable(throwError(() => new Error('x')).pipe(sendTo(transport, ledger))).toBe('#', undefined, new Error('x'))
    })
    expect(transport.sent).toEqual([])
  })

  it('a transport whose publish throws synchronously fails that publish, not the stream', async () => {
    const transport = fakeTransport(() => {
      throw new Error('sync')
    })
    const ledger = new Ledger(10, false)
    const errors: unknown[] = []
    const source = new Subject<Tracked>()
    source.pipe(sendTo(transport, ledger)).subscribe({ error: (e: unknown) => errors.push(e) })
    const a = sentRecord('s.a')
    source.next(a.rec)
    expect((await a.outcome)?.message).toMatch(/publish\('s\.a'\) failed: Error: sync/)
    expect(errors).toEqual([])
    await ledger.drain() // the failed send no longer counts
  })
})
