// @ts-check
/**
 * The one-second micro-cache of whole reader responses (README: "The production server"), on lru-cache: bounded by
 * bytes, entries die after their TTL. Emptied by pages-expired.mjs.
 */
import {LRUCache} from 'lru-cache'
import {notModifiedHeaders} from './not-modified.mjs'

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {import('node:http').OutgoingHttpHeaders} Headers */
/** @typedef {{status: number, headers: Headers, body: Buffer}} Entry */

const TTL_MS = 1000
const MAX_BYTES = 32 * 2 ** 20
/** Headers that describe one connection or one moment, not the response. */
const PER_SEND = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date'])
/** On every response sent from here, so an operator (and a test) can tell it from one Next made. */
export const SERVED_FROM_MEMORY = {'x-micro-cache': 'HIT'}

/**
 * If-None-Match against an ETag, by weak comparison (RFC 9110 §13.1.2). By hand: the `fresh` package also obeys the
 * client's `Cache-Control: no-cache`, which this one-second cache ignores, as nginx's proxy cache does by default.
 * @param {unknown} header @param {unknown} etag
 */
export function etagMatches(header, etag) {
  if (typeof header !== 'string' || typeof etag !== 'string') return false
  const opaque = (/** @type {string} */ tag) => tag.trim().replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag))
}

/** How long Next says the response is fresh for a shared cache, in ms; 0 when it may not be kept. @param {Response} res */
function freshFor(res) {
  const control = String(res.getHeader('cache-control') ?? '')
  if (/\b(private|no-store|no-cache)\b/i.test(control) || res.hasHeader('set-cookie')) return 0
  const maxAge = /\bs-maxage=(\d+)/i.exec(control)
  return maxAge ? Number(maxAge[1]) * 1000 : 0
}

/** What an entry costs beyond its body: its headers and the bookkeeping. */
const ENTRY_OVERHEAD = 1024

/** @param {{ttlMs?: number, maxBytes?: number}} [options] */
export function createMicroCache({ttlMs = TTL_MS, maxBytes = MAX_BYTES} = {}) {
  /** @type {LRUCache<string, Entry>} */
  const entries = new LRUCache({
    maxSize: maxBytes,
    maxEntrySize: maxBytes / 8,
    sizeCalculation: (entry, key) => entry.body.length + key.length + ENTRY_OVERHEAD,
  })
  /** Bumped by every clear: a response to a request that arrived before one is not kept. */
  let generation = 0
  /** Nothing is kept until then: after an expiry, Next may serve the old page until it has applied it. */
  let quietUntil = 0

  return {
    /** The key of a request, taken when it arrives (Next rewrites `req.url` on its way). @param {Request} req @param {string | undefined} encoding */
    key: (req, encoding) => `${encoding ?? 'identity'} ${req.url}`,

    /** Which clear the cache is at, for `keep`. */
    generation: () => generation,

    /**
     * Sends the kept response for this request, or a 304 when the client holds it; false when nothing fresh is kept.
     * @param {string} key @param {Request} req @param {Response} res
     */
    serve(key, req, res) {
      const entry = entries.get(key)
      if (!entry) return false
      if (etagMatches(req.headers['if-none-match'], entry.headers.etag)) {
        res.writeHead(304, {...notModifiedHeaders(entry.headers), ...SERVED_FROM_MEMORY})
        res.end()
      } else {
        res.writeHead(entry.status, {...entry.headers, ...SERVED_FROM_MEMORY})
        res.end(req.method === 'HEAD' ? undefined : entry.body)
      }
      return true
    },

    /**
     * Keeps a whole response that is about to be sent, when Next served it fresh from its cache to a GET that
     * arrived after the last clear, and the cache is not in its quiet time after one.
     * @param {string} key @param {Request} req @param {Response} res @param {Buffer} body as sent @param {number} since `generation()` when the request arrived
     */
    keep(key, req, res, body, since) {
      if (since !== generation || performance.now() < quietUntil) return
      const fresh = freshFor(res)
      if (req.method !== 'GET' || (res.statusCode !== 200 && res.statusCode !== 404) || res.getHeader('x-nextjs-cache') !== 'HIT' || !fresh)
        return
      /** @type {Headers} */
      const headers = {}
      for (const [name, value] of Object.entries(res.getHeaders())) if (!PER_SEND.has(name) && value !== undefined) headers[name] = value
      entries.set(key, {status: res.statusCode, headers, body}, {ttl: Math.min(ttlMs, fresh)})
    },

    /** Forgets everything, and keeps nothing for a TTL: pages expired. */
    clear() {
      entries.clear()
      generation++
      quietUntil = performance.now() + ttlMs
    },

    /** How many responses are kept, and what they count for against the bound. */
    stats: () => ({entries: entries.size, bytes: entries.calculatedSize}),
  }
}

/** @typedef {ReturnType<typeof createMicroCache>} MicroCache */
