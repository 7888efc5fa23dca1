import { createServer } from 'node:net'
import { Subject } from 'rxjs'
import { Event, EventBus, silentLogger, type DeadLetter, type MetricsSnapshot } from '../../lib'
import { inspect, type Inspector } from '../../lib/inspector'
import { openInspector } from '../../lib/inspector/inspect'
import type { DeadLetterSummary, EventSummary } from '../../lib/inspector/messages'
import { get, openSse } from './sseClient'

/** A bus made of three Subjects, to see the inspector subscribe and unsubscribe. */
const fakeBus = () => ({ events$: new Subject<Event>(), deadLetters$: new Subject<DeadLetter>(), metrics$: new Subject<MetricsSnapshot>() })
const observed = (bus: ReturnType<typeof fakeBus>): boolean[] => [bus.events$.observed, bus.deadLetters$.observed, bus.metrics$.observed]

describe('inspect', () => {
  const open: Inspector[] = []
  const buses: EventBus[] = []
  const track = async (inspector: Promise<Inspector>): Promise<Inspector> => {
    const i = await inspector
    open.push(i)
    return i
  }
  const newBus = (): EventBus => {
    const bus = new EventBus({ logger: silentLogger, metricsIntervalMs: 50 })
    buses.push(bus)
    return bus
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((i) => i.close()))
    await Promise.all(buses.splice(0).map((b) => b.stop()))
  })

  describe('options', () => {
    it.each([
      [{ port: -1 }, /options\.port must be a whole number from 0 to 65535.*got -1/],
      [{ port: 65_536 }, /options\.port .*got 65536/],
      [{ port: 80.5 }, /options\.port .*got 80\.5/],
      [{ port: '8080' }, /options\.port .*got '8080'/],
      [{ host: 42 }, /options\.host must be a non-empty string.*got 42/],
      [{ host: ' ' }, /options\.host must be a non-empty string/],
      [{ payloads: 'yes' }, /options\.payloads must be a boolean, got 'yes'/],
      [null, /options must be an object, got null/],
      ['x'.repeat(60), /options must be an object, got 'x{40}…'/],
    ])('rejects %p with a TypeError naming the option', async (options, message) => {
      const bus = fakeBus()
      await expect(inspect(bus, options as never)).rejects.toThrow(TypeError)
      await expect(inspect(bus, options as never)).rejects.toThrow(message)
      expect(observed(bus)).toEqual([false, false, false])
    })

    it.each([[{}], [null], [{ events$: {}, deadLetters$: {}, metrics$: {} }], [{ events$: new Subject(), deadLetters$: new Subject() }]])(
      'rejects a bus without the three streams: %p',
      async (bus) => {
        await expect(inspect(bus as never)).rejects.toThrow(/inspect: bus must be an EventBus \(its (events|deadLetters|metrics)\$ is missing\)/)
      },
    )

    it('binds to 127.0.0.1 on a free port by default', async () => {
      const inspector = await track(inspect(fakeBus()))
      expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
      expect(inspector.url).not.toBe('http://127.0.0.1:0/')
    })

    it('rejects when the port is taken, and lets go of the bus', async () => {
      const blocker = createServer()
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
      const address = blocker.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      const bus = fakeBus()
      await expect(inspect(bus, { port })).rejects.toThrow(/EADDRINUSE/)
      expect(observed(bus)).toEqual([false, false, false])
      await new Promise((resolve) => blocker.close(resolve))
    })
  })

  describe('the server', () => {
    it('serves the page with a content security policy, its script, style and uPlot', async () => {
      const { url } = await track(inspect(fakeBus()))
      const page = await get(url)
      expect(page.status).toBe(200)
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(page.headers['content-security-policy']).toContain("script-src 'self'")
      expect(page.headers['content-security-policy']).toContain("default-src 'none'")
      expect(page.headers['x-content-type-options']).toBe('nosniff')
      expect(page.body).toContain('<script src="/uplot.js" defer></script>')
      expect(page.body).not.toMatch(/<script>|<style>|\son\w+=/)
      for (const [path, type] of [
        ['inspector.js', 'text/javascript'],
        ['inspector.css', 'text/css'],
        ['uplot.js', 'text/javascript'],
        ['uplot.css', 'text/css'],
      ] as const) {
        const asset = await get(`${url}${path}`)
        expect([path, asset.status, asset.headers['content-type']]).toEqual([path, 200, `${type}; charset=utf-8`])
        expect(asset.body.length).toBeGreaterThan(500)
      }
      expect((await get(`${url}uplot.js`)).body).toContain('uPlot')
    })

    it('answers HEAD without a body, 404 for an unknown path and 405 for another method', async () => {
      const { url } = await track(inspect(fakeBus()))
      const head = await get(url, { method: 'HEAD' })
      expect([head.status, head.body, Number(head.headers['content-length'])]).toEqual([200, '', expect.any(Number)])
      expect(Number(head.headers['content-length'])).toBeGreaterThan(100)
      expect((await get(`${url}?x=1`)).status).toBe(200)
      expect((await get(`${url}nope`)).status).toBe(404)
      const post = await get(url, { method: 'POST' })
      expect([post.status, post.headers['allow']]).toEqual([405, 'GET, HEAD'])
    })

    it('answers only a loopback Host (DNS rebinding)', async () => {
      const { url } = await track(inspect(fakeBus()))
      const port = new URL(url).port
      expect((await get(url, { host: `evil.example:${port}` })).status).toBe(403)
      expect((await get(url, { host: 'localhost.evil.example' })).status).toBe(403)
      expect((await get(url, { host: `localhost:${port}` })).status).toBe(200)
      expect((await get(url, { host: `127.0.0.1:${port}` })).status).toBe(200)
      expect((await get(url, { host: `[::1]:${port}` })).status).toBe(200)
      expect((await get(url, { host: `app.localhost:${port}` })).status).toBe(200)
    })

    it('answers every Host when bound to all interfaces, and gives a loopback URL', async () => {
      const { url } = await track(inspect(fakeBus(), { host: '0.0.0.0' }))
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
      expect((await get(url, { host: 'inspector.example' })).status).toBe(200)
    })

    it('serves the page without the chart when uplot is not installed', async () => {
      const inspector = await track(
        openInspector(fakeBus(), {}, (specifier) => {
          throw new Error(`Cannot find module '${specifier}'`)
        }),
      )
      const page = await get(inspector.url)
      expect(page.status).toBe(200)
      expect(page.body).not.toContain('uplot')
      expect((await get(`${inspector.url}uplot.js`)).status).toBe(404)
    })
  })

  describe('the stream', () => {
    it('streams metrics, events without payload and dead letters with their reason', async () => {
      const bus = newBus()
      bus.subscribe('doc.ok', () => undefined, { name: 'okHandler' })
      bus.subscribe(
        'doc.bad',
        () => {
          throw new TypeError('bad page')
        },
        { name: 'badHandler' },
      )
      const { url } = await track(inspect(bus))
      await bus.start()
      const sse = await openSse(`${url}events`)
      expect(sse.response.headers['content-type']).toBe('text/event-stream; charset=utf-8')
      await bus.publish(new Event({ eventType: 'doc.ok', payload: { secret: 'SECRET-VALUE' }, correlationId: 'c-1' }))
      await bus.publish(new Event({ eventType: 'doc.bad', payload: { secret: 'SECRET-VALUE' }, correlationId: 'c-1' }))
      const frames = await sse.until((f) =>
        f.some(
          (x) =>
            x.event === 'metrics' &&
            ((x.data as { snapshot: MetricsSnapshot }).snapshot.handlers['badHandler'] as { errorCount: number } | undefined)?.errorCount === 1,
        ),
      )
      const events = frames.filter((f) => f.event === 'event').map((f) => f.data as EventSummary)
      expect(events.map((e) => [e.type, e.correlationId, e.priority])).toEqual([
        ['doc.ok', 'c-1', 'normal'],
        ['doc.bad', 'c-1', 'normal'],
      ])
      expect(events[0]).not.toHaveProperty('payload')
      const letters = frames.filter((f) => f.event === 'deadLetter').map((f) => f.data as DeadLetterSummary)
      expect(letters).toEqual([
        {
          reason: 'handler-error',
          event: expect.objectContaining({ type: 'doc.bad', correlationId: 'c-1' }),
          handler: 'badHandler',
          attempts: 1,
          error: { name: 'TypeError', message: 'bad page' },
        },
      ])
      expect(JSON.stringify(frames)).not.toContain('SECRET-VALUE')
      sse.close()
    })

    it('streams payloads when asked', async () => {
      const bus = newBus()
      const { url } = await track(inspect(bus, { payloads: true }))
      await bus.start()
      const sse = await openSse(`${url}events`)
      await bus.publish(new Event({ eventType: 'doc.ok', payload: { secret: 'SHOWN' } }))
      const frames = await sse.until((f) => f.some((x) => x.event === 'event'))
      expect(frames.find((f) => f.event === 'event')?.data).toMatchObject({ type: 'doc.ok', payload: '{"secret":"SHOWN"}', correlationId: null })
      sse.close()
    })

    it('sends a page that connects late the last snapshot, recent dead letters and events', async () => {
      const bus = fakeBus()
      const { url } = await track(inspect(bus))
      const snapshot = newBus().getMetrics()
      for (let n = 0; n < 600; n++) bus.events$.next(new Event({ eventType: 'doc.ok', id: `e-${n}` }))
      bus.deadLetters$.next({ event: new Event({ eventType: 'doc.bad' }), reason: 'invalid', attempts: 0, error: 'not an object' })
      bus.metrics$.next(snapshot)
      const sse = await openSse(`${url}events`)
      const frames = await sse.until((f) => f.filter((x) => x.event === 'event').length === 500)
      expect(frames.map((f) => f.event).slice(0, 2)).toEqual(['metrics', 'deadLetter'])
      expect(frames[1]?.data).toMatchObject({ reason: 'invalid', handler: null, error: { name: 'string', message: 'not an object' } })
      const ids = frames.filter((f) => f.event === 'event').map((f) => (f.data as EventSummary).id)
      expect([ids[0], ids.at(-1)]).toEqual(['e-100', 'e-599'])
      sse.close()
    })

    it('close() ends the streams, stops the server and unsubscribes; it is idempotent', async () => {
      const bus = fakeBus()
      const inspector = await inspect(bus)
      const sse = await openSse(`${inspector.url}events`)
      expect(observed(bus)).toEqual([true, true, true])
      const first = inspector.close()
      expect(inspector.close()).toBe(first)
      await first
      await sse.ended
      expect(observed(bus)).toEqual([false, false, false])
      await expect(get(inspector.url)).rejects.toThrow(/ECONNREFUSED/)
      await inspector.close()
    })

    it('keeps serving the last state after the bus stops', async () => {
      const bus = newBus()
      const { url } = await track(inspect(bus))
      await bus.start()
      await bus.publish(new Event({ eventType: 'doc.ok' }))
      await bus.stop()
      const sse = await openSse(`${url}events`)
      const frames = await sse.until((f) => f.some((x) => x.event === 'event') && f.some((x) => x.event === 'metrics'))
      expect(frames.find((f) => f.event === 'event')?.data).toMatchObject({ type: 'doc.ok' })
      sse.close()
    })
  })
})
