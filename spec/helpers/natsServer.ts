import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// The demo's helpers (the demo cannot import from spec/): one free-port probe and one readiness wait.
import { freePort, waitForPort } from '../../examples/pipeline/natsServer'

/** The nats-server binary: `NATS_SERVER` or the one on PATH (Debian's package). */
export const NATS_SERVER_BIN = process.env['NATS_SERVER'] ?? 'nats-server'

/** Throws (never skips) when nats-server is missing: CI installs it, and so must a developer. */
export function requireNatsServer(): void {
  const r = spawnSync(NATS_SERVER_BIN, ['--version'], { encoding: 'utf8' })
  if (r.error !== undefined || r.status !== 0) {
    throw new Error(
      `nats-server is required for the NATS transport tests and was not found ('${NATS_SERVER_BIN}'): apt-get install -y nats-server (or set NATS_SERVER)`,
    )
  }
}

/** A nats-server of the test's own, on a free port with a temporary JetStream store. */
export class NatsServer {
  private proc: ChildProcess | null = null
  readonly storeDir = mkdtempSync(join(tmpdir(), 'eventbus-nats-'))

  private constructor(readonly port: number) {}

  static async start(): Promise<NatsServer> {
    requireNatsServer()
    const server = new NatsServer(await freePort())
    await server.launch()
    return server
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`
  }

  async launch(): Promise<void> {
    this.proc = spawn(NATS_SERVER_BIN, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: 'ignore' })
    await waitForPort(this.port, this.proc)
  }

  /** Kills the server (SIGKILL by default: no chance to flush or say goodbye). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.proc
    this.proc = null
    if (p === null || p.exitCode !== null) return
    await new Promise<void>((resolve) => {
      p.once('exit', () => {
        resolve()
      })
      p.kill(signal)
    })
  }

  async restart(): Promise<void> {
    await this.kill()
    await this.launch()
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM')
    rmSync(this.storeDir, { recursive: true, force: true })
  }
}

/** Polls `check` until it holds (an awaited condition, not a fixed sleep); throws naming `what` after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
