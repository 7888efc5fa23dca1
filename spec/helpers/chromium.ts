import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Flags for a headless Chromium that reaches for nothing outside the test. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Debian's Chromium for a browser suite: whether to run it, and how to launch the browser. */
export interface ChromiumSuite {
  /** `describe` when Chromium is there or in CI (where a missing one must fail), `describe.skip` elsewhere. */
  readonly describe: jest.Describe
  /** Launches Chromium headless through playwright-core; throws naming the path when it is missing (in CI). */
  launch(): Promise<Browser>
}

/**
 * Finds Chromium (`CHROMIUM_PATH` or /usr/bin/chromium) for the suite of `folder` (`spec/<folder>`).
 * In CI (`CI` set) a missing browser fails the suite; elsewhere the suite is skipped with a message.
 */
export function chromiumSuite(folder: string): ChromiumSuite {
  const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
  const found = existsSync(executablePath)
  const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false'
  if (!found && !inCi) console.warn(`spec/${folder} skipped: no Chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM_PATH)`)
  return {
    describe: found || inCi ? describe : describe.skip,
    async launch() {
      if (!found) throw new Error(`no Chromium at ${executablePath}: CI must install it (apt-get install -y chromium)`)
      return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 })
    },
  }
}
