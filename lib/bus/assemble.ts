import type { SchedulerLike } from 'rxjs'
import { Event } from '../events/Event'
import type { HistorySource } from '../history/historyOf'
import { HistoryRing } from '../history/HistoryRing'
import { RecordingRouteHost } from '../history/recordingRouteHost'
import { escapeControl } from '../internal/render'
import type { DispatchHost } from '../dispatch/DispatchHost'
import { ClockSampler } from '../metrics/ClockSampler'
import { MetricsScan } from '../metrics/MetricsScan'
import { Pipeline } from '../pipeline/Pipeline'
import { RouteTable } from '../routing/RouteTable'
import { LocalWiring } from '../transports/localWiring'
import { RemoteWiring } from '../transports/remoteWiring'
import type { Wiring } from '../transports/Wiring'
import { Admission } from './admission'
import type { BusConfig } from './config'
import { Context } from './Context'
import { eventFields } from './logging'
import { asBusError, DeadLetters, describe } from './deadLetters'
import { Ledger } from './Ledger'
import { Lifecycle } from './Lifecycle'
import { Outcomes } from './Outcomes'
import { Run } from './Run'
import { Subscriptions } from './Subscriptions'
import { Watchdog } from './Watchdog'
import type { Transport, TransportHost } from './transport'

/** @internal The parts of one bus, joined up. */
export interface BusParts {
  readonly config: BusConfig
  readonly lifecycle: Lifecycle
  readonly ledger: Ledger
  readonly metrics: MetricsScan
  readonly deadLetters: DeadLetters
  readonly admission: Admission
  readonly pipeline: Pipeline
  readonly outcomes: Outcomes
  readonly subscriptions: Subscriptions
  readonly wiring: Wiring
  readonly run: Run
  readonly scheduler: SchedulerLike
  /** What every dispatch reads (its `tracer` is set by `instrument`). */
  readonly dispatchHost: DispatchHost
  /** Where `history$` and `from` read: the ring (history on, in process) or the transport. */
  readonly history: HistorySource
}

/**
 * @internal Builds a bus's parts and joins them: the chain
 * `admission → pipeline (middleware) → routeTo | sendTo → dispatch → settle`, with the wiring
 * picked here, once.
 */
export function assemble(config: BusConfig): BusParts {
  const { clock, logger, scheduler } = config
  const lifecycle = new Lifecycle(config.replayCount)
  const ledger = new Ledger(config.maxQueueSize, config.overflow === 'drop-oldest')
  const sampler = new ClockSampler(clock, scheduler, config.virtualTime)
  const metrics = new MetricsScan(config.metrics, sampler, config.metricsIntervalMs)
  const deadLetters: DeadLetters = new DeadLetters({
    logger,
    metrics,
    errorEvents: config.errorEvents,
    lifecycle,
    followUp: (event) => admission.submitFollowUp(event),
  })
  const outcomes = new Outcomes({ ledger, metrics, deadLetters, logger, lifecycle, now: clock, subscribedTypes: () => subscriptions.types() })
  const table = new RouteTable(metrics)
  const settleHost = { ledger, metrics, now: clock }
  const transport = config.transport
  const ring = transport === null && config.historyMaxEvents > 0 ? new HistoryRing(config.historyMaxEvents) : null
  const history: HistorySource = { ring, transport }
  const wiring: Wiring =
    transport === null
      ? new LocalWiring(table, ring === null ? outcomes : new RecordingRouteHost(outcomes, ring), settleHost, deadLetters)
      : remote(transport, config, { ledger, metrics, deadLetters, lifecycle })
  const pipeline = new Pipeline(outcomes, () => wiring.end())
  outcomes.attach(pipeline)
  const admission: Admission = new Admission(
    { ledger, metrics, deadLetters, sampler, lifecycle, pipeline, wiring, logger },
    config.maxQueueSize,
    config.overflow,
    config.metrics,
  )
  const dispatchHost: DispatchHost = {
    scheduler,
    ledger,
    metrics,
    collectAllTimes: config.virtualTime,
    tracer: null,
    now: clock,
    context: (rec, handler, attempt) => new Context(admission, rec, handler, attempt),
    lateEnd: (rec, handler, failed) => {
      ledger.abandonedEnded()
      logger.warn(
        { component: 'event-bus', handler, ...eventFields(rec.event), outcome: failed ? 'rejected' : 'fulfilled' },
        'a call abandoned by stop() ended after the deadline; its event stays undelivered (not counted as handled)',
      )
    },
  }
  const subscriptions = new Subscriptions(wiring, dispatchHost, metrics, config.defaultTimeoutMs, history)
  const watchdog = new Watchdog(
    { scheduler, logger, now: clock, asyncCalls: () => ledger.asyncCalls, oldestCall: (now, warnMs, slow) => subscriptions.oldestCall(now, warnMs, slow) },
    config.slowCallWarnMs,
  )
  ledger.watch(watchdog)
  const run = new Run({ wiring, ledger, admission, outcomes, subscriptions, deadLetters, sampler, logger, scheduler, lifecycle, watchdog, now: clock })
  return { config, lifecycle, ledger, metrics, deadLetters, admission, pipeline, outcomes, subscriptions, wiring, run, scheduler, dispatchHost, history }

  function remote(t: Transport, c: BusConfig, parts: Pick<BusParts, 'ledger' | 'metrics' | 'deadLetters' | 'lifecycle'>): RemoteWiring {
    const transportHost: TransportHost = {
      invalid: (source, error) => {
        const placeholder = new Event({ eventType: 'transport.message.invalid', payload: { source: escapeControl(source).slice(0, 256) } })
        c.logger.warn({ component: 'event-bus', source: escapeControl(source), error: describe(error) }, 'undecodable inbound message sent to dead letters')
        parts.deadLetters.deadLetter(placeholder, 'invalid', error, undefined, 0)
      },
      error: (error, message) => {
        parts.deadLetters.report(asBusError(error, message), message)
      },
      scheduler: c.scheduler,
    }
    const w: RemoteWiring = new RemoteWiring(
      t,
      {
        ...parts,
        accepting: () => parts.lifecycle.accepting,
        logger: c.logger,
        transport: t,
        transportHost,
        now: c.clock,
        arrived: (event) => {
          parts.lifecycle.streams.event(event)
        },
        report: (error, message) => {
          parts.deadLetters.report(asBusError(error, message), message)
        },
        connection: () => w.connection(),
        at: (deadline, late) => c.scheduler.schedule(late, Math.max(0, deadline - c.scheduler.now())),
      },
      c.dedupeWindow,
    )
    return w
  }
}
