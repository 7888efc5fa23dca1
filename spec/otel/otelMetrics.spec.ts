import { metrics } from '@opentelemetry/api'
import { EventBus, EventValidationError, silentLogger } from '../../lib'
import { OTEL_ATTRIBUTES as A, OTEL_METRICS as M, otelInstrumentation } from '../../lib/otel'
import { deferred, ev, settle } from '../helpers/fixtures'
import { RecordingMeter } from './recordingMeter'

let bus: EventBus

beforeEach(async () => {
  bus = new EventBus({ logger: silentLogger })
  await bus.start()
})

afterEach(async () => {
  if (bus.isRunning) await bus.stop()
})

const REASON = 'messaging.torematrix.dead_letter.reason'

describe('otelInstrumentation: metrics through a meter', () => {
  it('registers six asynchronous instruments with conventional units, under one batch callback', () => {
    const meter = new RecordingMeter()
    otelInstrumentation(bus, { meter })
    expect(meter.instruments.map((i) => [i.name, i.kind, i.options?.unit])).toEqual([
      ['torematrix.events.processed', 'counter', '{event}'],
      ['torematrix.events.failed', 'counter', '{event}'],
      ['torematrix.events.dead_letters', 'counter', '{event}'],
      ['torematrix.handler.calls', 'counter', '{call}'],
      ['torematrix.queue.size', 'upDownCounter', '{event}'],
      ['torematrix.in_flight', 'upDownCounter', '{call}'],
    ])
    expect(meter.callbacks).toHaveLength(1)
    expect(meter.callbacks[0].observables).toEqual(meter.instruments)
  })

  it("observes the bus's counts: processed and failed by event type, dead letters by reason, calls by handler and outcome", async () => {
    const meter = new RecordingMeter()
    otelInstrumentation(bus, { meter })
    bus.subscribe('a', () => undefined, { name: 'ok' })
    bus.subscribe(
      'b',
      () => {
        throw new Error('boom')
      },
      { name: 'bad' },
    )
    for (const type of ['a', 'a', 'b', 'c']) await bus.publish(ev(type))
    await bus.drain()

    const seen = await meter.collect()
    expect(seen[M.processed]).toEqual([
      { value: 2, attributes: { [A.destination]: 'a' } },
      { value: 1, attributes: { [A.destination]: 'b' } },
      { value: 1, attributes: { [A.destination]: 'c' } },
    ])
    expect(seen[M.failed]).toEqual([
      { value: 0, attributes: { [A.destination]: 'a' } },
      { value: 1, attributes: { [A.destination]: 'b' } },
      { value: 0, attributes: { [A.destination]: 'c' } },
    ])
    expect(seen[M.deadLetters]).toEqual([{ value: 1, attributes: { [REASON]: 'handler-error' } }])
    expect(seen[M.handlerCalls]).toEqual([
      { value: 2, attributes: { [A.handler]: 'ok', [A.outcome]: 'success' } },
      { value: 0, attributes: { [A.handler]: 'ok', [A.outcome]: 'error' } },
      { value: 0, attributes: { [A.handler]: 'bad', [A.outcome]: 'success' } },
      { value: 1, attributes: { [A.handler]: 'bad', [A.outcome]: 'error' } },
    ])
    expect(seen[M.queueSize]).toEqual([{ value: 0, attributes: {} }])
    expect(seen[M.inFlight]).toEqual([{ value: 0, attributes: {} }])
    // the same numbers as the bus's own snapshot
    const s = bus.getMetrics()
    expect(seen[M.processed].reduce((n, o) => n + o.value, 0)).toBe(s.total.totalEvents)
    expect(seen[M.deadLetters].reduce((n, o) => n + o.value, 0)).toBe(s.total.deadLetters)
  })

  it('observes the queue and the calls running now', async () => {
    const meter = new RecordingMeter()
    otelInstrumentation(bus, { meter })
    const gate = deferred()
    bus.subscribe('slow', () => gate.promise, { name: 'slow', concurrency: 1 })
    for (let i = 0; i < 3; i++) await bus.publish(ev('slow'))
    await settle()
    const running = await meter.collect()
    expect(running[M.inFlight]).toEqual([{ value: 1, attributes: {} }])
    expect(running[M.queueSize]).toEqual([{ value: bus.getMetrics().queueSize, attributes: {} }])
    expect(running[M.queueSize][0].value).toBeGreaterThan(0)
    gate.resolve()
    await bus.drain()
    const done = await meter.collect()
    expect(done[M.inFlight]).toEqual([{ value: 0, attributes: {} }])
    expect(done[M.queueSize]).toEqual([{ value: 0, attributes: {} }])
  })

  it('reads the metrics only when the meter collects, one snapshot a collection (nothing per event)', async () => {
    const meter = new RecordingMeter()
    const read = jest.spyOn(bus, 'getMetrics')
    otelInstrumentation(bus, { meter })
    bus.subscribe('a', () => undefined)
    for (let i = 0; i < 5; i++) await bus.publish(ev('a'))
    await bus.drain()
    expect(read).not.toHaveBeenCalled()
    await meter.collect()
    expect(read).toHaveBeenCalledTimes(1)
  })

  it('registers no instrument without a meter', async () => {
    const read = jest.spyOn(bus, 'getMetrics')
    const tracing = otelInstrumentation(bus)
    bus.subscribe('a', () => undefined)
    await bus.publish(ev('a'))
    await bus.drain()
    expect(read).not.toHaveBeenCalled()
    tracing.uninstall()
  })

  it('removes the batch callback on uninstall (idempotent), and can be installed again', () => {
    const meter = new RecordingMeter()
    const first = otelInstrumentation(bus, { meter })
    expect(meter.callbacks).toHaveLength(1)
    first.uninstall()
    first.uninstall()
    expect(meter.callbacks).toHaveLength(0)
    const second = otelInstrumentation(bus, { meter })
    expect(meter.callbacks).toHaveLength(1)
    second.uninstall()
    expect(meter.callbacks).toHaveLength(0)
  })

  it('keeps the first instrumentation, and registers nothing, when the bus is traced already', () => {
    const first = new RecordingMeter()
    const second = new RecordingMeter()
    otelInstrumentation(bus, { meter: first })
    expect(() => otelInstrumentation(bus, { meter: second })).toThrow(/bus: expected a bus not traced yet/)
    expect(second.callbacks).toHaveLength(0)
    expect(first.callbacks).toHaveLength(1)
  })

  it('leaves the bus untraced when the meter throws, so it can be instrumented again', () => {
    const broken = new RecordingMeter()
    broken.addBatchObservableCallback = () => {
      throw new Error('meter down')
    }
    expect(() => otelInstrumentation(bus, { meter: broken })).toThrow('meter down')
    expect(() => {
      otelInstrumentation(bus).uninstall()
    }).not.toThrow()
  })

  it("works with the API's global meter (a no-op until an SDK is registered)", () => {
    expect(() => {
      otelInstrumentation(bus, { meter: metrics.getMeter('@torematrix/event-bus') }).uninstall()
    }).not.toThrow()
  })

  it('names what is wrong with the meter option', () => {
    const call = (o: unknown) => () => otelInstrumentation(bus, o as never)
    expect(call({ meter: {} })).toThrow(EventValidationError)
    expect(call({ meter: {} })).toThrow(
      /options\.meter: expected an OpenTelemetry Meter \(with createObservableCounter, createObservableUpDownCounter, addBatchObservableCallback, removeBatchObservableCallback\)/,
    )
    const { removeBatchObservableCallback: _dropped, ...partial } = Object.fromEntries(
      ['createObservableCounter', 'createObservableUpDownCounter', 'addBatchObservableCallback', 'removeBatchObservableCallback'].map((k) => [
        k,
        () => undefined,
      ]),
    )
    expect(call({ meter: partial })).toThrow(/options\.meter: expected an OpenTelemetry Meter/)
    expect(call({ meter: 'meter' })).toThrow(/options\.meter: expected an OpenTelemetry Meter/)
    expect(call({ metre: new RecordingMeter() })).toThrow(/options\.metre: expected no such option; did you mean 'meter'\?/)
  })
})
