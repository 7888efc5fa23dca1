/**
 * Takes docs/inspector.png: the demo's document pipeline, fed at a steady pace for a few seconds,
 * with the inspector open in Debian's headless Chromium (playwright-core). Not a test:
 *
 *   npx tsx spec/inspector/screenshot.ts [out.png]
 */
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { inspect } from '../../lib/inspector'
import { createPipelineBus, startedEvent } from '../../examples/pipeline/busSetup'
import { DocumentTracker } from '../../examples/pipeline/DocumentTracker'
import { planDocuments } from '../../examples/pipeline/planDocuments'
import { subscribeStages } from '../../examples/pipeline/subscribeStages'

const DOCUMENTS = 600
const PER_TICK = 15
const TICK_MS = 100

async function main(out: string): Promise<void> {
  const plan = planDocuments(DOCUMENTS, 0.05, 42)
  const { bus } = createPipelineBus()
  subscribeStages(bus, plan, {
    tracker: new DocumentTracker(DOCUMENTS),
    ids: { batchId: 'batch-42', sessionId: 'session-shot' },
    batch: { tables: 0, progressUpdates: 0, lastProgress: 0 },
  })
  // An archiver that gives up on every 40th document: dead letters with their reason.
  let archived = 0
  bus.subscribe(
    'document.processing.completed',
    () => {
      if (++archived % 40 === 0) throw new Error('archive store refused the write')
    },
    { name: 'archiver' },
  )
  const inspector = await inspect(bus)
  await bus.start()
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  })
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 }, deviceScaleFactor: 1 })
  await page.goto(inspector.url)
  const waiting = [...plan.submissions]
  const feeder = setInterval(() => {
    for (let n = 0; n < PER_TICK; n++) {
      const id = waiting.shift()
      if (id !== undefined) void bus.publish(startedEvent(plan, id))
    }
  }, TICK_MS)
  await page.waitForFunction(() => document.querySelectorAll('#dead-letter-list tr').length >= 3, undefined, { timeout: 30_000 })
  await new Promise((resolve) => setTimeout(resolve, 2_000))
  await page.locator('#dead-letter-list button').first().click()
  await page.evaluate(() => {
    document.querySelectorAll('.scroll').forEach((box) => {
      box.scrollLeft = 0
    })
  })
  await page.screenshot({ path: out, fullPage: false })
  clearInterval(feeder)
  await browser.close()
  await inspector.close()
  await bus.stop({ timeoutMs: 5_000 })
  console.log(`wrote ${out}`)
}

main(process.argv[2] ?? join(__dirname, '..', '..', 'docs', 'inspector.png')).catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
