import { DocumentEvent, DocumentEventTypes, Event, EventPriority, LoggingMiddleware, type Logger } from '../../lib'
import { marbles } from '../helpers/marbles'

type MockLogger = { [K in keyof Logger]: jest.Mock<void, Parameters<Logger[K]>> }

const mockLogger = (): MockLogger => ({ debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() })

const LEVELS = ['debug', 'info', 'warn', 'error'] as const

describe('LoggingMiddleware', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  const secret = 'card 4111-1111-1111-1111'
  const event = (): Event =>
    new Event({
      eventType: 'payment.card.charged',
      id: 'evt-1',
      correlationId: 'order-7',
      source: 'billing',
      priority: EventPriority.IMMEDIATE,
      payload: { card: secret, nested: { also: secret } },
    })

  it('logs type, id, correlation id, source and priority at info by default, and passes the event on', () => {
    const logger = mockLogger()
    const e = event()
    expect(new LoggingMiddleware({ logger }).process(e)).toBe(e)
    expect(logger.info).toHaveBeenCalledTimes(1)
    expect(logger.info).toHaveBeenCalledWith(
      { eventType: 'payment.card.charged', eventId: 'evt-1', correlationId: 'order-7', source: 'billing', priority: 'immediate' },
      'event payment.card.charged',
    )
    expect(logger.debug).not.toHaveBeenCalled()
    expect(logger.warn).not.toHaveBeenCalled()
    expect(logger.error).not.toHaveBeenCalled()
  })

  it.each(LEVELS)('logs at the chosen level only: %s', (level) => {
    const logger = mockLogger()
    new LoggingMiddleware({ logger, logLevel: level }).process(event())
    for (const other of LEVELS) expect(logger[other]).toHaveBeenCalledTimes(other === level ? 1 : 0)
  })

  it('omits correlationId and source when the event has none', () => {
    const logger = mockLogger()
    new LoggingMiddleware({ logger }).process(new Event({ eventType: 'a.b', id: 'i' }))
    expect(logger.info.mock.calls[0][0]).toEqual({ eventType: 'a.b', eventId: 'i', priority: 'normal' })
  })

  it('never logs the payload by default', () => {
    const logger = mockLogger()
    new LoggingMiddleware({ logger }).process(event())
    const fields = logger.info.mock.calls[0][0] as Record<string, unknown>
    expect('payload' in fields).toBe(false)
    expect(JSON.stringify(logger.info.mock.calls)).not.toContain('4111')
  })

  it('logs the payload when includePayload is set', () => {
    const logger = mockLogger()
    const e = event()
    new LoggingMiddleware({ logger, includePayload: true }).process(e)
    expect((logger.info.mock.calls[0][0] as Record<string, unknown>)['payload']).toEqual(e.payload)
  })

  it('escapes control characters in the logged strings', () => {
    const logger = mockLogger()
    const e = new Event({ eventType: 'a.b', id: 'id\n1', correlationId: 'c\u001b[31m\r\u0000', source: 'src\u2028x\u007f' })
    new LoggingMiddleware({ logger }).process(e)
    const [fields, message] = logger.info.mock.calls[0] as [Record<string, string>, string]
    expect(fields['eventId']).toBe('id\\u000a1')
    expect(fields['correlationId']).toBe('c\\u001b[31m\\u000d\\u0000')
    expect(fields['source']).toBe('src\\u2028x\\u007f')
    for (const s of [...Object.values(fields), message]) expect(s).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/)
  })

  it('works with DocumentEventTypes values and subclasses', () => {
    const logger = mockLogger()
    new LoggingMiddleware({ logger, logLevel: 'debug' }).process(new DocumentEvent({ eventType: DocumentEventTypes.OCR_COMPLETED, documentId: 'd' }))
    expect(logger.debug).toHaveBeenCalledWith(expect.objectContaining({ eventType: 'document.ocr.completed' }), 'event document.ocr.completed')
  })

  it('defaults to a console logger that prints warnings and drops info', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined)
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined)
    new LoggingMiddleware().process(event())
    expect(warn).not.toHaveBeenCalled()
    expect(info).not.toHaveBeenCalled()
    expect(log).not.toHaveBeenCalled()
    new LoggingMiddleware({ logLevel: 'warn' }).process(event())
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn).toHaveBeenCalledWith('event payment.card.charged', expect.objectContaining({ eventId: 'evt-1' }))
  })

  it('passes every event on as an operator, logging each once, in order', () => {
    const logger = mockLogger()
    const values = { a: new Event({ eventType: 'a.a', id: 'a', timestamp: 0 }), b: new Event({ eventType: 'b.b', id: 'b', timestamp: 0 }) }
    marbles(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a--b--|', values)
      const sourceSubs = '  ^------!'
      const expected = '    -a--b--|'
      expectObservable(source.pipe(new LoggingMiddleware({ logger }).operator())).toBe(expected, values)
      expectSubscriptions(source.subscriptions).toBe(sourceSubs)
    })
    expect(logger.info.mock.calls.map((c) => (c[0] as Record<string, unknown>)['eventId'])).toEqual(['a', 'b'])
  })
})
