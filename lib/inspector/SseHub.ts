/// <reference types="node" />
import type { ServerResponse } from 'node:http'
import { sseFrame, type InspectorMessage } from './messages'

/** Events a page that opens late still sees. */
const RECENT_EVENTS = 500
/** Dead letters a page that opens late still sees. */
const RECENT_DEAD_LETTERS = 100
/** A page whose unsent output grows past this many bytes is disconnected (its browser reconnects and gets the replay). */
const MAX_UNSENT_BYTES = 1 << 20

/**
 * @internal The Server-Sent Events side of the inspector: the open pages, and what a page that
 * connects is sent first (the last snapshot, the recent dead letters and events).
 */
export class SseHub {
  private readonly clients = new Set<ServerResponse>()
  private readonly recentEvents: string[] = []
  private readonly recentDeadLetters: string[] = []
  private lastMetrics: string | null = null
  private closed = false

  /** Open pages. */
  get size(): number {
    return this.clients.size
  }

  /** Sends a message to every page and keeps it for pages that connect later. */
  publish(message: InspectorMessage): void {
    const frame = sseFrame(message)
    if (message.kind === 'metrics') this.lastMetrics = frame
    else keep(message.kind === 'event' ? this.recentEvents : this.recentDeadLetters, frame, message.kind === 'event' ? RECENT_EVENTS : RECENT_DEAD_LETTERS)
    for (const client of this.clients) this.send(client, frame)
  }

  /** Turns a response into a stream: headers, the replay, then every message until the page goes or the hub closes. */
  attach(response: ServerResponse): void {
    if (this.closed) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('the inspector is closing\n')
      return
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    })
    response.write('retry: 2000\n\n')
    const replay = [...(this.lastMetrics === null ? [] : [this.lastMetrics]), ...this.recentDeadLetters, ...this.recentEvents]
    if (replay.length > 0) response.write(replay.join(''))
    this.clients.add(response)
    response.on('close', () => this.clients.delete(response))
  }

  /** Ends every stream; later pages get 503. */
  close(): void {
    this.closed = true
    for (const client of this.clients) client.end()
    this.clients.clear()
  }

  private send(client: ServerResponse, frame: string): void {
    if (client.writableLength > MAX_UNSENT_BYTES) {
      this.clients.delete(client)
      client.destroy()
      return
    }
    client.write(frame)
  }
}

function keep(list: string[], frame: string, max: number): void {
  list.push(frame)
  if (list.length > max) list.splice(0, list.length - max)
}
