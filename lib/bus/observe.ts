import type { Observable } from 'rxjs'
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot'
import { metricsStream } from '../metrics/metricsStream'
import type { BusParts } from './assemble'
import type { Streams } from './Streams'
import type { BusHealth } from './types'

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

  /** `health()`. */
  health(): BusHealth {
    const { metrics, ledger, lifecycle, config, wiring } = this.parts
    const queueFill = ledger.waiting / config.maxQueueSize
    const totals = metrics.health()
    const transport = wiring.status()
    const running = lifecycle.running
    const health = {
      running,
      queueFill,
      errorRate: totals.events === 0 ? 0 : totals.errored / totals.events,
      deadLetters: totals.deadLetters,
      healthy: running && queueFill < 0.9 && (transport === undefined || transport.connected),
    }
    return transport === undefined ? health : { ...health, transport }
  }
}
