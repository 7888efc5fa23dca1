/**
 * What the heap probes share: a numeric command-line option, and the heap after a forced GC.
 * Run the probes with `node --expose-gc`.
 */

/** The number after `name` on the command line (`--events 1000`), or `fallback` when `name` is absent. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

/**
 * The heap in use after four forced GCs, in bytes: `heapUsed` plus `arrayBuffers` (typed arrays keep
 * their contents outside the JS heap: count both). Throws when the process was not started with
 * `--expose-gc`.
 */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('run with node --expose-gc')
  for (let i = 0; i < 4; i++) gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}
