import pino from 'pino'
import { consoleLogger, EventBus, silentLogger, type Logger } from '../../lib'
import { ev } from '../helpers/fixtures'

/** A pino logger writing JSON lines into an array (pino writes synchronously to such a stream). */
function memoryPino(level: pino.LevelWithSilent = 'debug'): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = []
  const logger = pino({ level, base: undefined, timestamp: false }, { write: (chunk: string) => void chunks.push(chunk) })
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}

describe('the logger option with pino', () => {
  it('logs a failed handler as one JSON line with eventType, eventId and handler, and no payload', async () => {
    const { logger, lines } = memoryPino()
    const bus = new EventBus({ logger })
    await bus.start()
    bus.subscribe(
      'user.account.created',
      () => {
        throw new Error('mailer down')
      },
      { name: 'welcomeMail' },
    )
    const event = ev('user.account.created', { email: 'ada@example.com', password: 'hunter2' }, { correlationId: 'signup-1' })
    await bus.publish(event)
    await bus.drain()
    await bus.stop()

    const failures = lines().filter((l) => l['handler'] === 'welcomeMail')
    expect(failures).toHaveLength(1)
    const line = failures[0]
    expect(line).toMatchObject({
      level: 50, // pino's "error"
      component: 'event-bus',
      handler: 'welcomeMail',
      eventType: 'user.account.created',
      eventId: event.id,
      correlationId: 'signup-1',
      reason: 'handler-error',
      attempts: 1,
      error: 'Error: mailer down',
    })
    expect(typeof line['msg']).toBe('string')
    const raw = JSON.stringify(lines())
    expect(raw).not.toContain('hunter2')
    expect(raw).not.toContain('ada@example.com')
    expect(raw).not.toContain('payload')
  })

  it('keeps pino levels: a warn-level logger drops the debug line of start()', async () => {
    const verbose = memoryPino('debug')
    const quiet = memoryPino('warn')
    for (const { logger } of [verbose, quiet]) {
      const bus = new EventBus({ logger })
      await bus.start()
      await bus.stop()
    }
    expect(verbose.lines().some((l) => l['level'] === 20 && l['component'] === 'event-bus')).toBe(true)
    expect(quiet.lines()).toEqual([])
  })

  it('takes pino child loggers (bindings end up on every line)', async () => {
    const { logger, lines } = memoryPino()
    const bus = new EventBus({ logger: logger.child({ service: 'billing' }) })
    await bus.start()
    bus.subscribe('invoice.created.sent', () => Promise.reject(new Error('smtp')), { name: 'sender' })
    await bus.publish(ev('invoice.created.sent'))
    await bus.drain()
    await bus.stop()
    expect(lines().find((l) => l['handler'] === 'sender')).toMatchObject({ service: 'billing', eventType: 'invoice.created.sent' })
  })
})

describe('the Logger type', () => {
  it('accepts console, pino, the built-in loggers and any object with debug/info/warn/error', () => {
    const fromConsole: Logger = console
    const fromPino: Logger = pino({ enabled: false })
    const custom: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }
    // @ts-expect-error: `error` is missing
    const incomplete: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined }
    for (const logger of [fromConsole, fromPino, custom, consoleLogger, silentLogger]) expect(new EventBus({ logger })).toBeInstanceOf(EventBus)
    expect(() => new EventBus({ logger: incomplete })).toThrow(/logger: expected an object with debug, info, warn and error methods/)
  })

  it('calls console as a logger with (fields, message)', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const debug = jest.spyOn(console, 'debug').mockImplementation(() => undefined)
    try {
      const bus = new EventBus({ logger: console })
      await bus.start()
      bus.subscribe(
        'a.b.c',
        () => {
          throw new Error('x')
        },
        { name: 'h' },
      )
      await bus.publish(ev('a.b.c'))
      await bus.drain()
      await bus.stop()
      expect(spy).toHaveBeenCalledWith(expect.objectContaining({ handler: 'h', eventType: 'a.b.c' }), expect.any(String))
      expect(debug).toHaveBeenCalledWith({ component: 'event-bus' }, 'event bus started')
    } finally {
      spy.mockRestore()
      debug.mockRestore()
    }
  })
})
