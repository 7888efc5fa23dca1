import { NEVER, throwError, timer } from 'rxjs'
import { EventBus, silentLogger } from '../../lib'
import { ev } from './fixtures'
import { testScheduler } from './marbles'

/** The samples of a Prometheus text exposition: `name{labels}` -> value. */
export function samples(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    out.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return out
}

/** `# TYPE name kind` lines: name -> kind. */
export function types(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1], m[2])
  return out
}

/**
 * A bus under virtual time that has handled: 3 x 'doc.ocr' (ok, 30/30/80 ms), 1 x 'doc.parse'
 * (fails), 1 x 'doc.slow' (times out, is retried, times out again).
 */
export async function busWithTraffic(): Promise<EventBus> {
  const scheduler = testScheduler()
  const bus = new EventBus({ logger: silentLogger, scheduler })
  await bus.start()
  bus.subscribe('doc.ocr', (e) => timer(e.payload['ms'] as number, scheduler), { name: 'ocr' })
  bus.subscribe('doc.parse', () => throwError(() => new Error('bad page')), { name: 'parser' })
  bus.subscribe('doc.slow', () => NEVER, { name: 'slow', timeoutMs: 10, retry: { count: 1 } })
  for (const ms of [30, 30, 80]) await bus.publish(ev('doc.ocr', { ms }))
  await bus.publish(ev('doc.parse'))
  await bus.publish(ev('doc.slow'))
  scheduler.flush()
  await bus.drain()
  return bus
}
