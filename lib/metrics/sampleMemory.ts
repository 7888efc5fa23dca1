import type { MemoryMetrics } from './MetricsSnapshot'

/** @internal Reads process memory where the platform has it (Node), else Chrome's `performance.memory`, else null. */
export function sampleMemory(): MemoryMetrics | null {
  const proc = (globalThis as { process?: { memoryUsage?: () => { heapUsed: number; rss: number } } }).process
  if (proc !== undefined && typeof proc.memoryUsage === 'function') {
    const m = proc.memoryUsage()
    return { heapUsedMb: m.heapUsed / 1048576, rssMb: m.rss / 1048576 }
  }
  const perf = (globalThis as { performance?: { memory?: { usedJSHeapSize?: number } } }).performance
  const used = perf?.memory?.usedJSHeapSize
  return typeof used === 'number' ? { heapUsedMb: used / 1048576, rssMb: null } : null
}
