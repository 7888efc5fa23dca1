/// <reference types="node" />
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadUplotAssets, pageAsset, type ResolveModule, type StaticAsset } from './assets'
import { inspectorFeed } from './inspectorFeed'
import { checkInspectableBus, inspectOptionsOf, type InspectableBus, type Inspector, type InspectOptions } from './InspectOptions'
import { pageHtml } from './page/pageHtml'
import { PAGE_SCRIPT } from './page/pageScript'
import { PAGE_STYLE } from './page/pageStyle'
import { inspectorHandler, loopbackHostCheck } from './server'
import { SseHub } from './SseHub'

/**
 * Serves a live web page of a bus: events per second (a uPlot chart), per-handler p50/p95/p99,
 * queue size and in-flight calls, errors and dead letters with their reason, and a timeline of
 * the events of one correlation id. Node only; a plain `node:http` server and Server-Sent Events.
 *
 * The page shows event types, ids, correlation ids, timestamps and priorities, and no payload
 * unless `payloads: true`. It binds to 127.0.0.1 unless told otherwise. The chart needs the
 * optional peer `uplot` (without it the page shows the same figures, without the chart).
 *
 * @example
 * const inspector = await inspect(bus, { port: 9229 })
 * console.log(`inspector at ${inspector.url}`)
 * // …
 * await inspector.close()
 *
 * @param bus The bus to show (its `metrics$`, `events$` and `deadLetters$`; subscribe before
 *   `start()` to see the run from its first event).
 * @param options `port` (default 0: a free one), `host` (default `'127.0.0.1'`), `payloads` (default false).
 * @returns Once the server listens: its `url`, and `close()`.
 * @throws TypeError (synchronously in the returned Promise) when an option is wrong or `bus` is not a bus;
 *   the Promise rejects with the server's error when it cannot listen (a port in use).
 * @category inspector
 * @since 0.2.0
 */
export async function inspect(bus: InspectableBus, options?: InspectOptions): Promise<Inspector> {
  return openInspector(bus, options)
}

/** @internal `inspect`, with the module resolver as a parameter (tests pass one that fails). */
export async function openInspector(bus: InspectableBus, options?: InspectOptions, resolve?: ResolveModule): Promise<Inspector> {
  checkInspectableBus(bus)
  const { port, host, payloads } = inspectOptionsOf(options)
  const uplot = loadUplotAssets(resolve)
  const files = new Map<string, StaticAsset>([
    ['/', pageAsset(pageHtml({ chart: uplot !== null }), 'html')],
    ['/inspector.js', pageAsset(PAGE_SCRIPT, 'js')],
    ['/inspector.css', pageAsset(PAGE_STYLE, 'css')],
  ])
  if (uplot !== null) {
    files.set('/uplot.js', uplot.script)
    files.set('/uplot.css', uplot.style)
  }
  const hub = new SseHub()
  const server = createServer(inspectorHandler({ files, hub, allowHost: loopbackHostCheck(host) }))
  const feed = inspectorFeed(bus, { payloads }).subscribe({
    next: (message) => {
      hub.publish(message)
    },
  })
  try {
    await listen(server, port, host)
  } catch (error) {
    feed.unsubscribe()
    throw error
  }
  let closing: Promise<void> | null = null
  return {
    url: urlOf(server.address() as AddressInfo),
    close: () =>
      (closing ??= new Promise<void>((resolveClose) => {
        feed.unsubscribe()
        hub.close()
        server.close(() => {
          resolveClose()
        })
        server.closeAllConnections()
      })),
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/** The page's address; a wildcard bind is opened through the loopback address. */
function urlOf(address: AddressInfo): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::'
  const host = wildcard ? (address.family === 'IPv6' ? '::1' : '127.0.0.1') : address.address
  const shown = host.includes(':') ? `[${host}]` : host
  return `http://${shown}:${address.port}/`
}
