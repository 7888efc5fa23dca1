/**
 * The core in a browser: esbuild bundles spec/browser/page.ts (which imports lib/index.ts) for the
 * browser platform, a local HTTP server on 127.0.0.1 serves it, and Debian's Chromium, driven
 * headless by playwright-core (which downloads no browser), runs it. Bundling for the browser
 * platform also proves that the core imports no Node-only module: esbuild would fail on one.
 *
 * Chromium: `apt-get install -y chromium` (or CHROMIUM_PATH). In CI (`CI` set) a missing browser
 * fails the suite; elsewhere the suite is skipped with a message.
 */
import { build } from 'esbuild'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import type { BusResult } from './page'
import { chromiumSuite } from '../helpers/chromium'

const chrome = chromiumSuite('browser')

chrome.describe('the core in headless Chromium', () => {
  let server: Server | undefined
  let browser: Browser | undefined
  let origin = ''
  let bundleBytes = 0

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [join(__dirname, 'page.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2020',
      write: false,
      logLevel: 'silent',
    })
    const script = bundle.outputFiles[0]?.text ?? ''
    bundleBytes = script.length
    const html =
      '<!doctype html><html><head><meta charset="utf-8"><title>event-bus</title><link rel="icon" href="data:,"></head><body><script src="/page.js"></script></body></html>'
    server = createServer((req, res) => {
      if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
      else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html)
      else res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await chrome.launch()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => {
      if (server === undefined) resolve(undefined)
      else server.close(resolve)
    })
  })

  it('publishes and handles events and reads metrics', async () => {
    expect(bundleBytes).toBeGreaterThan(0)
    if (browser === undefined) throw new Error('beforeAll did not launch Chromium')
    const page = await browser.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(String(error)))
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text())
    })
    await page.goto(`${origin}/`)
    await page.waitForFunction(() => window.busResult !== undefined, undefined, { timeout: 15_000 })
    const result = await page.evaluate(() => window.busResult)
    expect(pageErrors).toEqual([])
    expect(result).not.toHaveProperty('error')
    const r = result as BusResult

    expect(r.nodeGlobals).toBe(false)
    expect([...r.seen].sort()).toEqual(['clicked:save', 'completed:doc-1', 'completed:doc-2', 'started:doc-1', 'started:doc-2'])
    expect(r.streamed).toEqual(['doc-1', 'doc-2'])
    expect(r.idLooksLikeUuid).toBe(true)
    expect(r.deadLetters).toBe(1)
    expect(r.metrics.total.totalEvents).toBe(6)
    expect(r.firstMetricsOfStream).toBe(6)
    expect(r.metrics.events['document.processing.started']).toMatchObject({ count: 2 })
    expect(r.metrics.events['ui.button.clicked']).toMatchObject({ count: 2, errorCount: 1 })
    expect(r.metrics.handlers['starter']).toMatchObject({ successCount: 2, errorCount: 0 })
    expect(r.metrics.handlers['clicks']).toMatchObject({ successCount: 1, errorCount: 1 })
    expect(r.metrics.queueSize).toBe(0)
    expect(r.metrics.inFlight).toBe(0)
    // Memory degrades gracefully: Chromium may report the JS heap, never a resident set size.
    expect(r.metrics.memory === null || r.metrics.memory.rssMb === null).toBe(true)
    expect(await page.textContent('body')).toBe('handled 6 events')
    await page.close()
  }, 30_000)
})
