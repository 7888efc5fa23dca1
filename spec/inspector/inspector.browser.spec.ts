/**
 * The inspector page in Debian's Chromium, driven headless by playwright-core (no browser
 * download), on a running bus: the counters rise, a handler's row and a dead letter with its
 * reason appear, payloads stay hidden, and text from the bus never becomes markup.
 *
 * Chromium: `apt-get install -y chromium` (or CHROMIUM_PATH). In CI (`CI` set) a missing browser
 * fails the suite; elsewhere the suite is skipped with a message (as spec/browser does).
 */
import type { Browser, Page } from 'playwright-core'
import { Event, EventBus, silentLogger } from '../../lib'
import { inspect, type Inspector } from '../../lib/inspector'
import { chromiumSuite } from '../helpers/chromium'

const chrome = chromiumSuite('inspector')
const SECRET = 'PAYLOAD-VALUE-7f3a'
const HOSTILE = '<img src=x onerror="window.__pwned=1">'

chrome.describe('the inspector page in headless Chromium', () => {
  let browser: Browser | undefined
  let bus: EventBus | undefined
  let inspector: Inspector | undefined
  let page: Page | undefined
  const pageErrors: string[] = []

  beforeAll(async () => {
    browser = await chrome.launch()
  }, 60_000)

  afterAll(async () => {
    await page?.close()
    await browser?.close()
    await inspector?.close()
    await bus?.stop()
  })

  it('shows live counters, a handler row, a dead letter with its reason, and no payload', async () => {
    if (browser === undefined) throw new Error('beforeAll did not launch Chromium')
    bus = new EventBus({ logger: silentLogger, metricsIntervalMs: 100 })
    bus.subscribe('document.saved', () => undefined, { name: 'indexer' })
    bus.subscribe(
      'document.rejected',
      () => {
        throw new Error(HOSTILE)
      },
      { name: 'rejecter' },
    )
    inspector = await inspect(bus)
    await bus.start()
    page = await browser.newPage()
    page.on('pageerror', (error) => pageErrors.push(String(error)))
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text())
    })
    await page.goto(inspector.url)
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'live', undefined, { timeout: 10_000 })
    const counter = async (): Promise<number> => Number((await page?.textContent('#total-events'))?.replace(/,/g, '') ?? Number.NaN)

    for (let n = 0; n < 5; n++) await bus.publish(new Event({ eventType: 'document.saved', payload: { secret: SECRET }, correlationId: 'doc-1' }))
    await page.waitForFunction(() => document.getElementById('total-events')?.textContent === '5', undefined, { timeout: 10_000 })
    expect(await counter()).toBe(5)
    await bus.publish(new Event({ eventType: 'document.rejected', payload: { secret: SECRET }, correlationId: 'doc-1' }))
    await bus.publish(new Event({ eventType: 'document.saved', correlationId: 'doc-2' }))
    await page.waitForFunction(() => document.getElementById('total-events')?.textContent === '7', undefined, { timeout: 10_000 })

    const indexer = page.locator('tr[data-handler="indexer"] td')
    await indexer.first().waitFor({ timeout: 10_000 })
    expect((await indexer.allTextContents()).slice(0, 3)).toEqual(['indexer', '6', '0'])
    await page.waitForFunction(() => document.querySelector('tr[data-handler="rejecter"] td:nth-child(3)')?.textContent === '1', undefined, {
      timeout: 10_000,
    })

    const letter = page.locator('#dead-letter-list tr').first()
    await letter.waitFor({ timeout: 10_000 })
    const cells = await letter.locator('td').allTextContents()
    expect(cells.slice(1, 7)).toEqual(['handler-error', 'document.rejected', 'rejecter', '1', 'doc-1', `Error: ${HOSTILE}`])
    expect(await page.textContent('#dead-letters')).toBe('1')
    expect(await page.locator('#dead-letter-list img').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()

    expect(await page.locator('#event-list tr').count()).toBe(7)
    expect(await page.textContent('body')).not.toContain(SECRET)
    expect(await page.textContent('#payload-note')).toContain('payloads: true')
    expect(await page.locator('#chart canvas').count()).toBe(1)

    // A click on a correlation id fills the timeline with that id's events, in order.
    await page.locator('#event-list button', { hasText: 'doc-1' }).first().click()
    expect(await page.inputValue('#correlation')).toBe('doc-1')
    const timeline = await page.locator('#timeline li .what').allTextContents()
    expect(timeline).toHaveLength(7)
    expect(timeline.filter((t) => t.startsWith('document.saved'))).toHaveLength(5)
    expect(timeline.filter((t) => t.startsWith('dead letter: handler-error, document.rejected'))).toHaveLength(1)
    await page.fill('#correlation', 'doc-2')
    expect(await page.locator('#timeline li').count()).toBe(1)

    expect(pageErrors).toEqual([])
  }, 60_000)
})
