import type { EventBus } from '../../lib'

/** Writes `o` as one JSON line on stdout: how a worker process talks to the spec that spawned it. */
export const say = (o: object): void => void process.stdout.write(`${JSON.stringify(o)}\n`)

/**
 * Runs a bus in a worker process: `start` builds, starts and subscribes it; then, once the bus is
 * ready, prints `{"ready":true}` and stops the bus on SIGTERM (exit 0). A failure goes to stderr, exit 1.
 */
export function runBusWorker(start: () => Promise<EventBus>): void {
  const main = async (): Promise<void> => {
    const bus = await start()
    await bus.ready()
    say({ ready: true })
    process.on('SIGTERM', () => {
      void bus.stop().then(() => process.exit(0))
    })
  }
  void main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  })
}
