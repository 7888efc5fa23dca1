import { request, type IncomingMessage } from 'node:http'

/** One Server-Sent Events frame as the inspector sends it. */
export interface SseFrame {
  readonly event: string
  readonly data: unknown
}

/** A Server-Sent Events reader over `node:http`: the frames so far, a wait for a condition, and the end of the stream. */
export interface SseClient {
  readonly frames: readonly SseFrame[]
  readonly response: IncomingMessage
  /** Resolves once `condition(frames)` holds (checked on every frame); rejects when the stream ends first. */
  until(condition: (frames: readonly SseFrame[]) => boolean): Promise<readonly SseFrame[]>
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>
  close(): void
}

/** Opens `url` (the inspector's `/events`) and parses its frames as they come. */
export function openSse(url: string): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { accept: 'text/event-stream' } }, (response) => {
      const frames: SseFrame[] = []
      const waiters: { condition: (frames: readonly SseFrame[]) => boolean; resolve: (f: readonly SseFrame[]) => void; reject: (e: Error) => void }[] = []
      let buffer = ''
      let done = false
      const check = (): void => {
        for (const w of [...waiters]) {
          if (w.condition(frames)) {
            waiters.splice(waiters.indexOf(w), 1)
            w.resolve(frames)
          } else if (done) {
            waiters.splice(waiters.indexOf(w), 1)
            w.reject(new Error(`the stream ended before the condition held; frames: ${frames.map((f) => f.event).join(', ')}`))
          }
        }
      }
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        buffer += chunk
        let end = buffer.indexOf('\n\n')
        while (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event !== undefined && data !== undefined) frames.push({ event, data: JSON.parse(data) as unknown })
          end = buffer.indexOf('\n\n')
        }
        check()
      })
      const ended = new Promise<void>((resolveEnd) => {
        const finish = (): void => {
          done = true
          check()
          resolveEnd()
        }
        response.on('end', finish)
        response.on('close', finish)
        response.on('error', finish)
      })
      resolve({
        frames,
        response,
        ended,
        until: (condition) =>
          new Promise((resolveWait, rejectWait) => {
            waiters.push({ condition, resolve: resolveWait, reject: rejectWait })
            check()
          }),
        close: () => {
          req.destroy()
        },
      })
    })
    req.on('error', reject)
    req.end()
  })
}

/** A plain request: status, headers, body. */
export function get(
  url: string,
  options: { readonly method?: string; readonly host?: string } = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent: false, method: options.method ?? 'GET', headers: options.host === undefined ? {} : { host: options.host } },
      (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (body += chunk))
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body })
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}
