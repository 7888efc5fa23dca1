import type { Observable } from 'rxjs'
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot'
import { metricsStream } from '../metrics/metricsStream'
import type { BusParts } from './assemble'
import type { Streams } from './Streams'
import { DrainTimeoutError } from '../errors/DrainTimeoutError'
import { EventValidationError, type ValidationIssue } from '../errors/EventValidationError'
import { renderValue } from '../internal/render'
import { checkKeys, OPTION_KEYS } from './optionKeys'
import type { BusHealth, DrainOptions } from './types'

const noop = (): void => undefined

/**
 * @internal What a bus shows of itself: `metrics$` (one shared stream per run), `getMetrics()`
 * and `health()`, read from the metrics scan, the ledger and the wiring.
 */
export class BusView {
  private shared: { readonly streams: Streams; readonly metrics$: Observable<MetricsSnapshot> } | null = null

  constructor(private readonly parts: BusParts) {}

  /** The run's shared `metrics$` (made on first use in each run). */
  metrics$(): Observable<MetricsSnapshot> {
    const { lifecycle, config, scheduler, metrics, ledger, subscriptions } = this.parts
    const streams = lifecycle.streams
    if (this.shared?.streams !== streams) {
      const step = (series: Parameters<typeof metrics.step>[0]): ReturnType<typeof metrics.step> =>
        metrics.step(series, ledger.waiting, subscriptions.running(), config.clock(), lifecycle.startedAt)
      this.shared = { streams, metrics$: metricsStream(step, config.metricsIntervalMs, scheduler, streams.stopped) }
    }
    return this.shared.metrics$
  }

  /** `getMetrics()`. */
  snapshot(): MetricsSnapshot {
    const { metrics, ledger, subscriptions, lifecycle, config } = this.parts
    return metrics.snapshot(ledger.waiting, subscriptions.running(), config.clock(), lifecycle.startedAt)
  }

  /** `drain(options)`: the ledger's drain, with a deadline on the bus scheduler when asked. */
  drain(options: DrainOptions): Promise<void> {
    const issues: ValidationIssue[] = []
    checkKeys(options, OPTION_KEYS.drain, 'options', issues)
    const { timeoutMs } = options
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
      issues.push({ path: 'options.timeoutMs', expected: 'a number of ms >= 0', actual: renderValue(timeoutMs) })
    }
    if (issues.length > 0) return Promise.reject(new EventValidationError('drain(options)', issues))
    const { ledger, scheduler, subscriptions, config } = this.parts
    const drained = ledger.drain()
    if (timeoutMs === undefined || ledger.isIdle()) return drained
    return new Promise<void>((resolve, reject) => {
      const timer = scheduler.schedule(() => {
        reject(new DrainTimeoutError(timeoutMs, ledger.waiting, subscriptions.running(), subscriptions.oldestCall(config.clock(), 0, noop)))
      }, timeoutMs)
      void drained.then(() => {
        timer.unsubscribe()
        resolve()
      })
    })
  }

  /** `health()`. */
  health(): BusHealth {
    const { metrics, ledger, lifecycle, config, wiring, subscriptions } = this.parts
    const queueFill = ledger.waiting / config.maxQueueSize
    const totals = metrics.health()
    const transport = wiring.status()
    const running = lifecycle.running
    const health = {
      running,
      queueFill,
      errorRate: totals.events === 0 ? 0 : totals.errored / totals.events,
      deadLetters: totals.deadLetters,
      oldestCallMs: subscriptions.oldestCall(config.clock(), 0, noop),
      abandonedCalls: ledger.abandoned,
      healthy: running && queueFill < 0.9 && (transport === undefined || (transport.connected && (transport.stoppedConsumers ?? []).length === 0)),
    }
    return transport === undefined ? health : { ...health, transport }
  }
}
