// HTTP plumbing of the local Content Lake: who may call it, reading bodies, and writing JSON, errors and SSE.
import type http from 'node:http'
import {timingSafeEqual} from 'node:crypto'
import type {ListenEvent} from './listen'
import {LakeError} from './transaction'

export type Json = Record<string, unknown>

/** One request to the lake, with its API version (`/v2025-02-19/...`) taken off the path. */
export type LakeRequest = {
  req: http.IncomingMessage
  res: http.ServerResponse
  url: URL
  path: string
  apiVersion: string
  cors: Record<string, string>
}

const MAX_JSON_BYTES = 8 * 1024 * 1024
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\]|[a-z0-9-]+\.localhost)(:\d+)?$/i
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i

/**
 * The checks every request passes before routing: a loopback Host, a loopback Origin (if any), and CORS
 * preflights answered here. Returns the request to route, or null when it has been answered.
 */
export function admit(req: http.IncomingMessage, res: http.ServerResponse): LakeRequest | null {
  const cors = corsHeaders(req)
  if (!LOOPBACK_HOST.test(req.headers.host ?? '')) {
    // a page on another site that rebinds its name to 127.0.0.1 still sends its own Host
    sendError(res, cors, new LakeError(403, 'Refused: the local Content Lake answers only to localhost', 'forbiddenError'))
    return null
  }
  if (req.headers.origin && !cors['Access-Control-Allow-Origin']) {
    sendError(res, cors, new LakeError(403, 'Refused: only pages on localhost may call the local Content Lake', 'forbiddenError'))
    return null
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      ...cors,
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type',
      'Access-Control-Max-Age': '600',
    })
    res.end()
    return null
  }
  const url = new URL(req.url ?? '/', 'http://lake.local')
  const version = /^\/v(\d{4}-\d{2}-\d{2}|\d+|X)(?=\/)/.exec(url.pathname)
  return {
    req,
    res,
    url,
    cors,
    apiVersion: version?.[1] ?? '1',
    path: version ? url.pathname.slice(version[0].length) : url.pathname,
  }
}

function corsHeaders(req: http.IncomingMessage): Record<string, string> {
  const origin = req.headers.origin
  if (!origin || !LOOPBACK_ORIGIN.test(origin)) return {}
  return {'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin'}
}

/** Whether the request carries the lake's token as a Bearer token (compared in constant time). */
export function hasToken(req: http.IncomingMessage, token: string): boolean {
  const expected = Buffer.from(token)
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export function send(r: LakeRequest, status: number, body: unknown) {
  r.res.writeHead(status, {...r.cors, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store'})
  r.res.end(JSON.stringify(body))
}

/** Sanity's error shape: a LakeError with its status and type, anything else a logged 500. */
export function sendError(res: http.ServerResponse, cors: Record<string, string>, error: unknown) {
  const known = error instanceof LakeError
  if (!known) console.error('[lake]', error)
  const status = known ? error.status : 500
  const message = known ? error.message : 'Internal error in the local Content Lake'
  if (res.headersSent) return res.end()
  res.writeHead(status, {...cors, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store'})
  res.end(JSON.stringify({statusCode: status, error: known ? error.type : 'internalError', message}))
}

export async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new LakeError(413, `Request body over ${Math.round(limit / 1024 / 1024)} MB`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** A JSON object body ({} when empty); `allowArray` also takes a top-level array. */
export async function readJson(req: http.IncomingMessage, allowArray = false): Promise<Json> {
  const text = (await readBody(req, MAX_JSON_BYTES)).toString('utf8')
  if (!text.trim()) return {}
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new LakeError(400, 'The request body is not valid JSON')
  }
  if (!body || typeof body !== 'object' || (Array.isArray(body) && !allowArray))
    throw new LakeError(400, 'The request body must be a JSON object')
  return body as Json
}

export type Sse = {
  write(event: ListenEvent | {type: string; id?: string; data: unknown}): void
  onClose(fn: () => void): void
  close(): void
}

/**
 * What one event stream may hold unsent for a client that has stopped reading (a tab paused in a debugger, a
 * suspended mobile page) before it is dropped: the client reconnects and refetches, as with the hosted listener,
 * instead of the server buffering events for it without end.
 */
export const SSE_MAX_UNSENT_BYTES = 4 * 1024 * 1024
/** …for this long: a burst that a reading client drains (a git pull changing hundreds of documents) never drops it. */
export const SSE_STALL_MS = 10_000

/** A Server-Sent Events response in the format of Sanity's listener, with a keep-alive comment. */
export function openSse(r: LakeRequest): Sse {
  const {req, res} = r
  req.socket.setTimeout(0)
  req.socket.setNoDelay(true)
  res.writeHead(200, {
    ...r.cors,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
  })
  res.write(': connected\n\n')
  const ping = setInterval(() => res.write(': ping\n\n'), 20_000)
  ping.unref()
  // queued for the socket, which the response writes straight to once connected
  const unsent = () => Math.max(res.writableLength, res.socket?.writableLength ?? 0)
  let stalled: NodeJS.Timeout | undefined
  const closers: (() => void)[] = [() => clearInterval(ping), () => clearTimeout(stalled)]
  res.on('close', () => closers.forEach((fn) => fn()))
  return {
    write(event) {
      if (res.writableEnded || res.destroyed) return
      res.write(`event: ${event.type}\n${event.id ? `id: ${event.id}\n` : ''}data: ${JSON.stringify(event.data)}\n\n`)
      if (stalled || unsent() <= SSE_MAX_UNSENT_BYTES) return
      stalled = setTimeout(() => {
        stalled = undefined
        if (unsent() <= SSE_MAX_UNSENT_BYTES) return
        console.warn(
          `[lake] dropped a listener stream whose client stopped reading (${Math.round(unsent() / 1024 / 1024)} MB unsent ` +
            `for ${SSE_STALL_MS / 1000} s): it reconnects and catches up`,
        )
        res.destroy()
      }, SSE_STALL_MS)
      stalled.unref()
    },
    onClose: (fn) => closers.push(fn),
    close: () => res.end(),
  }
}
