import { map, Subject } from 'rxjs'
import { operatorOf, OperatorSubscriber } from '../../lib/internal/operate'
import { Ledger } from '../../lib/bus/Ledger'
import type { Transport, TransportDelivery, TransportSubscription } from '../../lib/bus/transport'
import type { Event } from '../../lib/events/Event'
import { MetricsScan } from '../../lib/metrics/MetricsScan'
import { Tracked } from '../../lib/pipeline/Tracked'
import { admitInbound, fromTransport, type InboundHost } from '../../lib/transports/fromTransport'
import { DedupeState } from '../../lib/transports/Inbound'
import { ev } from '../helpers/fixtures'
import { marbles } from '../helpers/marbles'

const delivery = (): TransportDelivery => ({ deliveryCount: 1, ack: jest.fn(), nak: jest.fn(), working: jest.fn() })

function setup(subscribeResult: 'ok' | 'fail' = 'ok') {
  let deliver: ((event: Event, d: TransportDelivery) => void) | null = null
  const consumer: TransportSubscription = { pause: jest.fn(), close: jest.fn(() => Promise.resolve()) }
  const never = (): never => {
    throw new Error('not used')
  }
  const transport: Transport = {
    name: 'fake',
    subscribe: (_keys, _options, d) => {
      deliver = d
      return subscribeResult === 'ok' ? Promise.resolve(consumer) : Promise.reject(new Error('no stream'))
    },
    publish: never,
    connect: never,
    deadLetter: never,
    pause: never,
    close: never,
    status: never,
  }
  const arrived: string[] = []
  let accepting = true
  const host: InboundHost = {
    ledger: new Ledger(10, false),
    metrics: new MetricsScan(true),
    now: () => 0,
    accepting: () => accepting,
    arrived: (e) => arrived.push(e.eventType),
    report: jest.fn(),
    connection: () => 1,
  }
  const opened: Promise<TransportSubscription | null>[] = []
  const source$ = fromTransport(transport, ['in.>'], { name: 'h', maxInFlight: 8, timeoutMs: 0 }, null, new DedupeState(10), host, (o) => opened.push(o))
  const send = (type: string): void => {
    if (deliver === null) throw new Error('not subscribed')
    deliver(ev(type), delivery())
  }
  const stop = (): void => {
    accepting = false
  }
  return { source$, host, arrived, consumer, opened, send, stop }
}

describe('fromTransport', () => {
  it('turns each message into a record of its own that carries its delivery; closes the consumer on unsubscribe', async () => {
    const { source$, consumer, opened, send } = setup()
    const out: Tracked[] = []
    const sub = source$.subscribe((r) => out.push(r))
    expect(await opened[0]).toBe(consumer)
    send('in.a')
    send('in.b')
    expect(out.map((r) => [r.event.eventType, r.remaining, r.inbound?.delivery?.deliveryCount])).toEqual([
      ['in.a', 1, 1],
      ['in.b', 1, 1],
    ])
    sub.unsubscribe()
    send('in.c') // after unsubscribe: left unacknowledged for the broker to redeliver
    expect(out).toHaveLength(2)
    await Promise.resolve()
    expect(consumer.close).toHaveBeenCalledTimes(1)
  })

  it('leaves messages unacknowledged once the bus stopped', () => {
    const { source$, send, stop } = setup()
    const out: Tracked[] = []
    source$.subscribe((r) => out.push(r))
    stop()
    send('in.a')
    expect(out).toEqual([])
  })

  it('reports a consumer that cannot be opened, and opens as null', async () => {
    const { source$, host, opened } = setup('fail')
    source$.subscribe()
    expect(await opened[0]).toBeNull()
    expect(host.report).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringMatching(/fake: subscribe\(in\.>\) failed: Error: no stream/) as unknown }),
      'transport subscribe failed',
    )
  })
})

describe('admitInbound', () => {
  const rec = (type: string): Tracked => new Tracked(ev(type), null)
  const failed = jest.fn()
  beforeEach(() => {
    failed.mockClear()
  })

  it('announces each record to events$ and hands it on inside a dispatch loop (marbles)', () => {
    const { host, arrived } = setup()
    const r = { a: rec('in.a'), b: rec('in.b') }
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--|', r)
      const sourceSubs = '  ^-------!'
      const expected = '    --a--b--|'
      expectObservable(source.pipe(admitInbound(host, failed))).toBe(expected, r)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
    expect(arrived).toEqual(['in.a', 'in.b'])
    expect(host.ledger.isIdle()).toBe(true)
  })

  it('error, early unsubscribe, empty and never', () => {
    const { host } = setup()
    const r = { a: rec('in.a') }
    marbles(({ hot, cold, expectObservable, expectSubscriptions }) => {
      expectObservable(hot('--a--#', r).pipe(admitInbound(host, failed))).toBe('--a--#', r)
      const source = hot('  --a--a--|', r)
      expectObservable(source.pipe(admitInbound(host, failed)), '^---!').toBe('--a--', r)
      expectSubscriptions(source.subscriptions).toBe('^---!')
      expectObservable(cold<Tracked>('|').pipe(admitInbound(host, failed))).toBe('|')
      expectObservable(cold<Tracked>('-').pipe(admitInbound(host, failed))).toBe('-')
    })
  })

  it('a downstream that throws errors the stream and leaves the dispatch count balanced (the callback-throws case)', () => {
    const { host } = setup()
    const source = new Subject<Tracked>()
    const errors: unknown[] = []
    source
      .pipe(
        admitInbound(host, failed),
        map(() => {
          throw new Error('dispatch failed')
        }),
      )
      .subscribe({ error: (e: unknown) => errors.push(e) })
    source.next(rec('in.a'))
    expect(errors).toEqual([new Error('dispatch failed')])
    expect(host.ledger.isIdle()).toBe(true)
  })

  it('an exception out of the dispatch goes to failed with its record; later records go on (marbles)', () => {
    const { host } = setup()
    const r = { a: rec('in.a'), b: rec('in.b'), c: rec('in.c') }
    const boom = new Error('dispatch threw')
    // A dispatch of the bus's own kind (an OperatorSubscriber without a try): a throw comes straight up.
    class ThrowingDispatch extends OperatorSubscriber<Tracked, Tracked> {
      next(x: Tracked): void {
        if (x === r.b) throw boom
        this.destination.next(x)
      }
    }
    const throwingDispatch = operatorOf(ThrowingDispatch)
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--c--|', r)
      const sourceSubs = '  ^----------!'
      const expected = '    --a-----c--|'
      expectObservable(source.pipe(admitInbound(host, failed), throwingDispatch)).toBe(expected, r)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
    expect(failed.mock.calls).toEqual([[r.b, boom]])
    expect(host.ledger.isIdle()).toBe(true)
  })

  it('an events$ observer that throws is reported and the record still goes on', () => {
    const { host } = setup()
    const throwing: InboundHost = {
      ...host,
      arrived: () => {
        throw new Error('observer threw')
      },
    }
    const r = { a: rec('in.a') }
    marbles(({ hot, expectObservable }) => {
      expectObservable(hot('--a--|', r).pipe(admitInbound(throwing, failed))).toBe('--a--|', r)
    })
    expect(host.report).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringMatching(/events\$ threw on an inbound event: Error: observer threw/) as unknown }),
      'inbound event not announced',
    )
    expect(failed).not.toHaveBeenCalled()
  })
})
