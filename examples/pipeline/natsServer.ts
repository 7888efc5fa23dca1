import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, connect as tcpConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A setup problem of the distributed demo: the message says what to do; no stack trace needed. */
export class SetupError extends Error {
  override readonly name = 'SetupError'
}

/** The nats-server binary: `NATS_SERVER` or the one on PATH (Debian's package). */
const NATS_SERVER_BIN = process.env['NATS_SERVER'] ?? 'nats-server'

/**
 * A nats-server of the demo's own, with JetStream on, on a free port of 127.0.0.1 and a
 * temporary store (the few lines of spec/helpers/natsServer.ts the demo needs, plus a
 * synchronous `kill` for the process's `exit` hook).
 */
export class PrivateNatsServer {
  private constructor(
    private readonly proc: ChildProcess,
    readonly port: number,
    readonly storeDir: string,
    /** `nats-server --version`, for example `nats-server: v2.9.10`. */
    readonly version: string,
  ) {}

  /**
   * Starts the server and resolves once it listens.
   *
   * @throws Error when nats-server is missing or does not come up.
   */
  static async start(): Promise<PrivateNatsServer> {
    const probe = spawnSync(NATS_SERVER_BIN, ['--version'], { encoding: 'utf8' })
    if (probe.error !== undefined || probe.status !== 0) {
      throw new SetupError(
        `nats-server was not found ('${NATS_SERVER_BIN}'): install it (apt-get install nats-server, or a release from https://github.com/nats-io/nats-server/releases) ` +
          'or set NATS_SERVER, or pass --servers nats://host:4222 of a server started with -js',
      )
    }
    const port = await freePort()
    const storeDir = mkdtempSync(join(tmpdir(), 'eventbus-demo-nats-'))
    const proc = spawn(NATS_SERVER_BIN, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' })
    const server = new PrivateNatsServer(proc, port, storeDir, probe.stdout.trim())
    try {
      await waitForPort(port, proc)
    } catch (error) {
      server.kill()
      throw error
    }
    return server
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`
  }

  get pid(): number | undefined {
    return this.proc.pid
  }

  /** CPU time the server used so far, ms (Linux: /proc; null elsewhere or once it exited). */
  cpuMs(): number | null {
    try {
      const stat = readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // utime and stime (fields 14 and 15 of the file, 12 and 13 after the name), in clock ticks of 10 ms.
      return (Number(fields[11]) + Number(fields[12])) * 10
    } catch {
      return null
    }
  }

  /** Stops the server (SIGTERM; SIGKILL after 3 s) and removes its store. */
  async stop(): Promise<void> {
    const p = this.proc
    if (p.exitCode === null && p.signalCode === null) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => p.kill('SIGKILL'), 3_000)
        p.once('exit', () => {
          clearTimeout(force)
          resolve()
        })
        p.kill('SIGTERM')
      })
    }
    rmSync(this.storeDir, { recursive: true, force: true })
  }

  /** Synchronous last resort (a process `exit` hook): SIGKILL, and the store removed. */
  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL')
    rmSync(this.storeDir, { recursive: true, force: true })
  }
}

/** A free TCP port on 127.0.0.1 (also used by the tests' own nats-server helper). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      srv.close(() => {
        resolve(port)
      })
    })
  })
}

/** Resolves once something listens on 127.0.0.1:`port`; throws when `proc` exits first or the deadline passes. */
export async function waitForPort(port: number, proc: ChildProcess | null, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs
  for (;;) {
    if (proc !== null && (proc.exitCode !== null || proc.signalCode !== null))
      throw new SetupError(`nats-server exited (${proc.exitCode ?? proc.signalCode}) before listening on ${port}`)
    const ok = await new Promise<boolean>((resolve) => {
      const s = tcpConnect(port, '127.0.0.1')
      s.once('connect', () => {
        s.destroy()
        resolve(true)
      })
      s.once('error', () => {
        resolve(false)
      })
    })
    if (ok) return
    if (Date.now() > until) throw new SetupError(`nats-server did not listen on 127.0.0.1:${port} within ${deadlineMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
