import { EventValidationError } from '../../lib'
import { deferred, ev, startedBus } from '../helpers/fixtures'

// { signal } on subscribe, once and iterate; Symbol.dispose on what they return (SPEC 11).

describe('cancellation: AbortSignal and Symbol.dispose', () => {
  describe('subscribe', () => {
    it('stops deliveries when its signal aborts', async () => {
      const bus = await startedBus()
      const controller = new AbortController()
      const got: string[] = []
      const sub = bus.subscribe('a.*', (e) => void got.push(e.eventType), { signal: controller.signal })
      await bus.publish(ev('a.one'), { waitFor: 'handled' })
      controller.abort()
      expect(sub.closed).toBe(true)
      await bus.publish(ev('a.two'), { waitFor: 'handled' })
      expect(got).toEqual(['a.one'])
      await bus.stop()
    })

    it('never delivers with a signal that has already aborted', async () => {
      const bus = await startedBus()
      const got: string[] = []
      const sub = bus.subscribe('a.*', (e) => void got.push(e.eventType), { signal: AbortSignal.abort() })
      expect(sub.closed).toBe(true)
      const result = await bus.publish(ev('a.one'), { waitFor: 'handled' })
      expect(result.status).toBe('unrouted')
      expect(got).toEqual([])
      await bus.stop()
    })

    it('removes its abort listener when unsubscribed first (the signal keeps nothing alive)', async () => {
      const bus = await startedBus()
      const controller = new AbortController()
      const removed = jest.spyOn(controller.signal, 'removeEventListener')
      const sub = bus.subscribe('a.*', () => undefined, { signal: controller.signal })
      sub.unsubscribe()
      expect(removed).toHaveBeenCalledWith('abort', expect.any(Function))
      controller.abort() // no effect, no throw
      await bus.stop()
    })

    it('rejects a signal that is not an AbortSignal, naming the option', async () => {
      const bus = await startedBus()
      const call = (): unknown => bus.subscribe('a.*', () => undefined, { signal: 'soon' as unknown as AbortSignal })
      expect(call).toThrow(EventValidationError)
      expect(call).toThrow(/options\.signal.*an AbortSignal/s)
      await bus.stop()
    })

    it('is disposable: [Symbol.dispose]() unsubscribes (using)', async () => {
      const bus = await startedBus()
      const got: string[] = []
      {
        using sub = bus.subscribe('a.*', (e) => void got.push(e.eventType))
        await bus.publish(ev('a.one'), { waitFor: 'handled' })
        expect(sub.closed).toBe(false)
      }
      await bus.publish(ev('a.two'), { waitFor: 'handled' })
      expect(got).toEqual(['a.one'])
      await bus.stop()
    })
  })

  describe('once', () => {
    it('rejects with the signal reason when it aborts first', async () => {
      const bus = await startedBus()
      const controller = new AbortController()
      const next = bus.once('a.one', { signal: controller.signal })
      const reason = new Error('not needed any more')
      controller.abort(reason)
      await expect(next).rejects.toBe(reason)
      await bus.stop()
    })

    it('rejects at once with a signal that has already aborted', async () => {
      const bus = await startedBus()
      await expect(bus.once('a.one', { signal: AbortSignal.abort('gone') })).rejects.toBe('gone')
      await bus.stop()
    })

    it('resolves with the event when it comes before the abort, and ignores the later abort', async () => {
      const bus = await startedBus()
      bus.subscribe('>', () => undefined)
      const controller = new AbortController()
      const next = bus.once('a.one', { signal: controller.signal })
      const event = ev('a.one')
      await bus.publish(event)
      await expect(next).resolves.toBe(event)
      controller.abort()
      await bus.stop()
    })

    it('rejects a misspelt option key', async () => {
      const bus = await startedBus()
      expect(() => bus.once('a.one', { signl: AbortSignal.abort() } as never)).toThrow(/did you mean 'signal'/)
      await bus.stop()
    })
  })

  describe('iterate', () => {
    it('ends (as break does) when its signal aborts, waking a pending next()', async () => {
      const bus = await startedBus()
      bus.subscribe('>', () => undefined)
      const controller = new AbortController()
      const it = bus.iterate('a.*', { signal: controller.signal })
      await bus.publish(ev('a.one'))
      const first = await it.next()
      expect(first.value?.eventType).toBe('a.one')
      const pending = it.next()
      controller.abort()
      await expect(pending).resolves.toEqual({ done: true, value: undefined })
      await bus.publish(ev('a.two'))
      await expect(it.next()).resolves.toEqual({ done: true, value: undefined })
      await bus.stop()
    })

    it('ends a for await loop when aborted from inside', async () => {
      const bus = await startedBus()
      bus.subscribe('>', () => undefined)
      const controller = new AbortController()
      const seen: string[] = []
      const ready = deferred()
      const loop = (async () => {
        ready.resolve()
        for await (const e of bus.iterate('a.*', { signal: controller.signal })) {
          seen.push(e.eventType)
          controller.abort()
        }
      })()
      await ready.promise
      await bus.publish(ev('a.one'))
      await bus.publish(ev('a.two'))
      await loop
      expect(seen).toEqual(['a.one'])
      await bus.stop()
    })

    it('is disposable: [Symbol.dispose]() ends it and unsubscribes', async () => {
      const bus = await startedBus()
      bus.subscribe('>', () => undefined)
      let pending: Promise<IteratorResult<unknown>> | undefined
      {
        using it = bus.iterate('a.*')
        pending = it.next()
      }
      await expect(pending).resolves.toEqual({ done: true, value: undefined })
      await bus.stop()
    })

    it('rejects a signal that is not an AbortSignal and a misspelt option key', async () => {
      const bus = await startedBus()
      expect(() => bus.iterate('a.*', { signal: {} as AbortSignal })).toThrow(/options\.signal/)
      expect(() => bus.iterate('a.*', { bufferSzie: 3 } as never)).toThrow(/did you mean 'bufferSize'/)
      await bus.stop()
    })
  })
})
