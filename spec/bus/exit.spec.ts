import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '../..')

/** Runs `spec/fixtures/<name>.ts` in a child process; resolves with its output and the ms from `stopped` to its exit. */
function runChild(name: string): Promise<{ stdout: string; afterStopMs: number; code: number | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'spec', 'fixtures', `${name}.ts`)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    let stoppedAt = Number.NaN
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (Number.isNaN(stoppedAt) && stdout.includes('stopped')) stoppedAt = performance.now()
    })
    child.on('error', fail)
    child.on('exit', (code) => {
      done({ stdout, afterStopMs: performance.now() - stoppedAt, code })
    })
  })
}

/** Issue #13 items 9 and 10: nothing the bus armed keeps the process alive after `stop()`. */
describe('a process with a stopped bus', () => {
  it('exits within a second of stop(): no handler timeout, retry delay, saga resubscription or watchdog left armed', async () => {
    const { stdout, afterStopMs, code } = await runChild('exitAfterStop')
    expect(stdout).toBe('stopped 2\n')
    expect(code).toBe(0)
    expect(afterStopMs).toBeLessThan(1_000)
  }, 20_000)
})
