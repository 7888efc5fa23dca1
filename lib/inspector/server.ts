/// <reference types="node" />
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type { StaticAsset } from './assets'
import type { SseHub } from './SseHub'

/** @internal What the inspector's server answers: static files by path, and the event stream. */
export interface InspectorRoutes {
  /** Path → file (`/`, `/inspector.js`, …). */
  readonly files: ReadonlyMap<string, StaticAsset>
  /** The stream at `/events`. */
  readonly hub: SseHub
  /** Whether a request's `Host` header may be served (see {@link loopbackHostCheck}). */
  readonly allowHost: (host: string | undefined) => boolean
}

/** Scripts and styles only from the inspector itself; no inline code, no frames, no other origin. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const

/**
 * @internal The request listener: GET (or HEAD) of a known path, `/events` for the stream;
 * 403 for a `Host` it must not serve, 404 for other paths, 405 for other methods.
 */
export function inspectorHandler(routes: InspectorRoutes): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (!routes.allowHost(request.headers.host)) {
      plain(response, 403, 'forbidden: the inspector answers only to a loopback Host\n')
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD')
      plain(response, 405, 'method not allowed\n')
      return
    }
    const path = (request.url ?? '/').split('?')[0] ?? '/'
    if (path === '/events') {
      routes.hub.attach(response)
      return
    }
    const file = routes.files.get(path)
    if (file === undefined) {
      plain(response, 404, 'not found\n')
      return
    }
    response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': file.contentType, 'content-length': Buffer.byteLength(file.body) })
    response.end(request.method === 'HEAD' ? undefined : file.body)
  }
}

/**
 * @internal The `Host` check: a server bound to a loopback address answers only requests for a
 * loopback name (`localhost`, `127.x.x.x`, `[::1]`), so that a web page cannot reach it through
 * DNS rebinding; a server bound elsewhere (the user opened it up) answers every `Host`.
 */
export function loopbackHostCheck(boundHost: string): (host: string | undefined) => boolean {
  if (!isLoopback(boundHost)) return () => true
  return (host) => host !== undefined && isLoopback(hostName(host))
}

/** @internal Whether a host name or address is this machine's loopback. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase()
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

/** `host:port` → host (`[::1]:8080` → `::1`). */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') < 0 ? undefined : host.indexOf(']'))
  const colon = host.lastIndexOf(':')
  return colon < 0 ? host : host.slice(0, colon)
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end(text)
}
