import { join } from 'node:path'

interface FileResult {
  testFilePath: string
  testResults: { status: string; fullName: string }[]
  console?: { message: string }[] | null
}
interface Reporter {
  onTestResult(test: unknown, result: FileResult): void
  onRunComplete(contexts: unknown, results: { testResults: FileResult[] }): void
  getLastError(): Error | undefined
  printed: string[]
}
type ReporterClass = new (globalConfig: { rootDir: string; testNamePattern?: string }, options?: { env?: Record<string, string | undefined> }) => Reporter

// The reporter is plain CommonJS (jest loads it untransformed from jest.config.js).
const SkippedReporter = jest.requireActual<ReporterClass>('../../.ci/skippedReporter.js')

const rootDir = '/repo'
const file = (path: string, statuses: string[], console: string[] = []): FileResult => ({
  testFilePath: join(rootDir, path),
  testResults: statuses.map((status, i) => ({ status, fullName: `suite test ${i + 1}` })),
  console: console.map((message) => ({ message })),
})

function run(results: FileResult[], env: Record<string, string | undefined> = {}, testNamePattern?: string): Reporter {
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    const reporter = new SkippedReporter(testNamePattern === undefined ? { rootDir } : { rootDir, testNamePattern }, { env })
    for (const r of results) reporter.onTestResult(undefined, r)
    // as jest does: the whole run's results no longer carry each file's console
    reporter.onRunComplete(undefined, { testResults: results.map((r) => ({ ...r, console: undefined })) })
    return reporter
  } finally {
    write.mockRestore()
  }
}

describe('the skipped-tests reporter (npm test names what it skipped and why)', () => {
  const browser = file('spec/browser/browser.spec.ts', ['pending', 'pending'], ['spec/browser skipped: no Chromium at /usr/bin/chromium', 'unrelated line'])

  it('names each file with skipped tests, their names and the reason the suite printed', () => {
    const reporter = run([file('spec/a.spec.ts', ['passed']), browser])
    expect(reporter.printed).toEqual([
      'Skipped: 2 tests in 1 file',
      '  spec/browser/browser.spec.ts: 2 skipped (suite test 1; suite test 2)',
      '    why: spec/browser skipped: no Chromium at /usr/bin/chromium',
    ])
    expect(reporter.getLastError()).toBeUndefined()
  })

  it('says so when a skipped suite gave no reason, and counts todo tests', () => {
    const reporter = run([file('spec/x.spec.ts', ['todo', 'passed', 'skipped', 'pending', 'pending'])])
    expect(reporter.printed).toEqual([
      'Skipped: 4 tests in 1 file',
      '  spec/x.spec.ts: 4 skipped (suite test 1; suite test 3; suite test 4; ...)',
      '    why: no reason given: a suite that skips itself should print why (console.warn)',
    ])
  })

  it('prints nothing when nothing was skipped, or when -t chose the tests', () => {
    expect(run([file('spec/a.spec.ts', ['passed'])]).printed).toEqual([])
    expect(run([browser], { CI: 'true' }, 'some test').printed).toEqual([])
  })

  it('fails the run in CI when a broker or browser suite skipped, not for other skips or outside CI', () => {
    expect(run([browser], { CI: 'true' }).getLastError()?.message).toBe('broker and browser tests must not skip in CI: spec/browser/browser.spec.ts')
    expect(run([file('spec/transports/nats/nats.spec.ts', ['pending'])], { CI: '1' }).getLastError()).toBeInstanceOf(Error)
    expect(run([file('spec/bus/x.spec.ts', ['pending'])], { CI: 'true' }).getLastError()).toBeUndefined()
    expect(run([browser], { CI: 'false' }).getLastError()).toBeUndefined()
    expect(run([browser], {}).getLastError()).toBeUndefined()
  })
})
