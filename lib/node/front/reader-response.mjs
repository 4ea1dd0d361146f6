// @ts-check
/**
 * Wraps Next's response to a reader request: an HTML page leaves without its scripts and with the script-free
 * policy; it and any other text are compressed here (brotli or gzip), since Next can't compress what we still
 * have to rewrite. Every other header Next set (ISR's Cache-Control, x-nextjs-cache, ETag, Vary) goes on.
 * Next's error shells, which only its runtime fills in, are replaced: a 404 with the site's 404 page, a 5xx with
 * a self-contained 503 page (lib/node/front/unavailable-page.mjs).
 */
import {createHash} from 'node:crypto'
import zlib from 'node:zlib'
import {LRUCache} from 'lru-cache'
import {createScriptFilter, removeScripts} from './script-filter.mjs'
import {RETRY_AFTER_SECONDS, UNAVAILABLE_PAGE} from './unavailable-page.mjs'

const DRAFT_COOKIE = '__prerender_bypass'
/** Below this a compressed body saves less than its headers cost (the `compression` package's threshold). */
const MIN_COMPRESS_BYTES = 1024
const ERROR_SHELL = /^(<!DOCTYPE html>)?<html id="__next_error__"/i
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|[\w.-]+\+(xml|json))|image\/svg\+xml)/i

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {'br' | 'gzip'} Encoding */

/** @param {string | undefined} header */
const cookieNames = (header) => new Set((header ?? '').split(';').map((part) => part.split('=')[0].trim()))

/**
 * Reader routes: GET and HEAD for anything but Next's own files, the API, the Studio, draft mode (it keeps the
 * runtime for Visual Editing) and the router's RSC requests (those come from a runtime that is already there).
 * @param {Request} req
 */
export function isReaderRequest(req) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  const url = req.url ?? '/'
  if (/^\/(_next|api|studio)(\/|$|\?)/.test(url)) return false
  const h = req.headers
  if (h.rsc || h['next-router-prefetch'] || h['next-router-state-tree'] || /[?&]_rsc=/.test(url)) return false
  return !cookieNames(h.cookie).has(DRAFT_COOKIE)
}

/**
 * What `npm start` does with a request before Next sees it: a reader request is answered from the micro-cache, or
 * has its response rewritten on the way out. True when the response has been sent already.
 * @param {{policy: string, microCache?: import('./micro-cache.mjs').MicroCache, notFoundPage?: NotFoundPageSource}} options
 * @returns {(req: Request, res: Response) => boolean}
 */
export function createReaderFront({policy, microCache, notFoundPage}) {
  return (req, res) => {
    if (!isReaderRequest(req)) return false
    const encoding = negotiateEncoding(req.headers['accept-encoding'])
    const key = microCache?.key(req, encoding)
    if (microCache && key && microCache.serve(key, req, res)) return true
    const since = microCache?.generation() ?? 0
    /** @type {Keep | undefined} */
    const keep = microCache && key ? (body) => microCache.keep(key, req, res, body, since) : undefined
    // the request for the 404 page itself never asks for the 404 page again
    const fetchingNotFoundPage = req.headers[NOT_FOUND_PAGE_REQUEST] !== undefined
    rewriteReaderResponse(req, res, {policy, encoding, keep, notFoundPage: fetchingNotFoundPage ? undefined : notFoundPage})
    return false
  }
}

/** The header on this server's own request for its 404 page. */
export const NOT_FOUND_PAGE_REQUEST = 'x-broadsheet-not-found-page'

/** br if the client takes it, else gzip, else nothing. @param {string | string[] | undefined} header @returns {Encoding | undefined} */
export function negotiateEncoding(header) {
  const accepted = new Map()
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (name) accepted.set(name, q ? Number(q.slice(2)) : 1)
  }
  /** @param {string} name */
  const weight = (name) => accepted.get(name) ?? accepted.get('*') ?? 0
  if (weight('br') > 0) return 'br'
  if (weight('gzip') > 0) return 'gzip'
  return undefined
}

/**
 * What cached pages become here (scripts out, then compressed), by the page's identity: Next's ETag, a hash of the
 * body it sent, or our own hash where it sent none. A cached page is rewritten and compressed once, at full strength.
 * @type {LRUCache<string, Buffer>}
 */
const rewritten = new LRUCache({maxSize: 32 * 2 ** 20, sizeCalculation: (body) => Math.max(1, body.length)})

/** @param {string | undefined} key @param {() => Buffer} make */
const remembered = (key, make) => {
  if (key === undefined) return make()
  let out = rewritten.get(key)
  if (!out) rewritten.set(key, (out = make()))
  return out
}

/** @param {Buffer} body @param {Encoding} encoding @param {boolean} reusable */
const compress = (body, encoding, reusable) =>
  encoding === 'br'
    ? zlib.brotliCompressSync(body, {
        params: {[zlib.constants.BROTLI_PARAM_QUALITY]: reusable ? 11 : 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length},
      })
    : zlib.gzipSync(body, {level: reusable ? 9 : 6})

/** @param {Encoding} encoding */
const streamingCompressor = (encoding) =>
  encoding === 'br' ? zlib.createBrotliCompress({params: {[zlib.constants.BROTLI_PARAM_QUALITY]: 5}}) : zlib.createGzip({level: 6})

/** @param {unknown} chunk @param {unknown} encoding */
const toBuffer = (chunk, encoding) =>
  chunk == null
    ? Buffer.alloc(0)
    : typeof chunk === 'string'
      ? Buffer.from(chunk, /** @type {BufferEncoding} */ (typeof encoding === 'string' ? encoding : 'utf8'))
      : Buffer.from(/** @type {Uint8Array} */ (chunk))

/** A body's first 200 bytes as latin1, without encoding the rest. @param {unknown} chunk */
const openingOf = (chunk) =>
  chunk == null
    ? ''
    : typeof chunk === 'string'
      ? chunk.slice(0, 200)
      : Buffer.from(
          /** @type {Uint8Array} */ (chunk).buffer,
          /** @type {Uint8Array} */ (chunk).byteOffset,
          Math.min(200, /** @type {Uint8Array} */ (chunk).byteLength),
        ).toString('latin1')

/** @param {Response} res @param {string} name */
function addVary(res, name) {
  const vary = String(res.getHeader('vary') ?? '')
  if (!vary.split(',').some((v) => v.trim().toLowerCase() === name.toLowerCase())) res.setHeader('Vary', vary ? `${vary}, ${name}` : name)
}

/** A compressed representation gets a weak validator, as nginx gives its gzip output; Next's If-None-Match check accepts it. */
function weakenEtag(/** @type {Response} */ res) {
  const etag = res.getHeader('etag')
  if (typeof etag === 'string' && !etag.startsWith('W/')) res.setHeader('ETag', `W/${etag}`)
}

/** @typedef {{body: Buffer, encoding: Encoding | undefined}} NotFoundPage the site's 404 page, as this server sends it */
/** @typedef {(encoding: Encoding | undefined) => Promise<NotFoundPage>} NotFoundPageSource */
/** @typedef {(body: Buffer) => void} Keep offers a whole response, as sent, to the micro-cache */

/**
 * Call before handing the request to Next: takes over compression and, for HTML, takes the scripts out. A whole
 * response Next served from its cache is offered to `keep`. A 404 that Next sent as its empty error shell
 * (`notFound()` in a page, vercel/next.js#62228) leaves with the site's 404 page from `notFoundPage` instead.
 * @param {Request} req @param {Response} res
 * @param {{policy: string, encoding?: Encoding, keep?: Keep, notFoundPage?: NotFoundPageSource}} options
 */
export function rewriteReaderResponse(
  req,
  res,
  {policy, encoding = negotiateEncoding(req.headers['accept-encoding']), keep, notFoundPage},
) {
  // Next's own compression would hand us gzip we'd have to undo
  delete req.headers['accept-encoding']
  /** @type {any} the response, patched in place as Next's own compression patches it */
  const patched = res
  const originalWriteHead = res.writeHead.bind(res)
  /** @type {(...args: any[]) => boolean} */
  const originalWrite = res.write.bind(res)
  /** @type {(...args: any[]) => Response} */
  const originalEnd = res.end.bind(res)
  // the real head goes out just before the first byte of the body, once we have settled it
  const commit = () => res.headersSent || originalWriteHead(res.statusCode, res.statusMessage || undefined)
  /** @type {(...args: any[]) => boolean} */
  const write = (...args) => (commit(), originalWrite(...args))
  /** @type {(...args: any[]) => Response} */
  const end = (...args) => (commit(), originalEnd(...args))
  /** @type {undefined | 'pass' | 'stream' | 'replace' | 'unavailable' | 'pending'} */
  let mode
  /** The error shell Next sent, kept in case the 404 page cannot be had. @type {Buffer[]} */
  const shell = []
  /** @type {ReturnType<typeof createScriptFilter> | undefined} */
  let filter
  /** @type {zlib.Gzip | zlib.BrotliCompress | undefined} */
  let compressor
  /** Whether this response is a page to take the scripts out of (known once its head is settled). */
  let html = false
  /** Whether Next sent one of its error shells, which only its runtime fills in. */
  let errorShell = false
  /** Whether this response's type may be compressed (and so varies with Accept-Encoding). */
  let compressible = false

  // headers are settled on the first write or end, when the whole body may be in hand
  /** @param {number} status @param {any} [reason] @param {any} [headers] */
  patched.writeHead = function writeHead(status, reason, headers) {
    if (typeof reason !== 'string') [headers, reason] = [reason, undefined]
    res.statusCode = status
    if (reason) res.statusMessage = reason
    if (headers && typeof headers === 'object') {
      /** @type {[string, any][]} */
      const entries = Array.isArray(headers) ? (Array.isArray(headers[0]) ? headers : pairs(headers)) : Object.entries(headers)
      for (const [name, value] of entries) res.setHeader(name, value)
    }
    return res
  }

  /** @param {string} opening the body's first bytes, latin1 @param {boolean} whole whether the body comes in one piece */
  const decide = (opening, whole) => {
    const type = String(res.getHeader('content-type') ?? '')
    // Next 16 sends a 404 from notFound() as an empty error shell its runtime fills in (vercel/next.js#62228)
    errorShell = ERROR_SHELL.test(opening)
    if (errorShell && res.statusCode === 404 && notFoundPage) return 'replace'
    // a page Next could not render at all (its error shell, or nothing): a 503 to come back to, not a 500
    if (res.statusCode >= 500 && (errorShell || opening === '')) return 'unavailable'
    html = /^text\/html\b/i.test(type) && !errorShell
    const hasBody = req.method !== 'HEAD' && res.statusCode >= 200 && res.statusCode !== 204 && res.statusCode !== 304
    if (html || res.statusCode === 304) res.setHeader('Content-Security-Policy', policy)
    // a 304 carries the validator the client holds: weak if what it holds was compressed
    if (res.statusCode === 304 && encoding) weakenEtag(res)
    compressible = COMPRESSIBLE.test(type) && !/no-transform/.test(String(res.getHeader('cache-control')))
    const compress = Boolean(encoding && compressible)
    // what a client gets depends on what it accepts, whatever this one accepted
    if (compressible) addVary(res, 'Accept-Encoding')
    if (!hasBody) {
      if (html) res.removeHeader('content-length')
      return 'pass'
    }
    if (whole) return 'whole'
    if (!html && !compress) return 'pass'
    res.removeHeader('content-length')
    if (html) filter = createScriptFilter()
    if (compress && encoding) {
      res.setHeader('Content-Encoding', encoding)
      weakenEtag(res)
      compressor = streamingCompressor(encoding)
      compressor.on('data', (data) => write(data))
      compressor.on('end', () => end())
      res.on('close', () => compressor?.destroy())
    }
    return 'stream'
  }

  const send = (/** @type {Buffer} */ chunk) => {
    const bytes = filter ? Buffer.from(filter.push(chunk.toString('latin1')), 'latin1') : chunk
    // a page is a few dozen KB: the compressor buffers it rather than pass backpressure through
    if (compressor) return compressor.write(bytes) || true
    return write(bytes)
  }

  /** @param {any} chunk @param {any} [encodingArg] @param {any} [callback] */
  patched.write = function writeThrough(chunk, encodingArg, callback) {
    mode ??= /** @type {'pass' | 'stream' | 'replace' | 'unavailable'} */ (decide(openingOf(chunk), false))
    if (mode === 'pass') return write(chunk, encodingArg, callback)
    if (mode === 'replace' || mode === 'unavailable' || mode === 'pending') {
      // only the 404 shell may still be sent, should the 404 page fail
      if (mode === 'replace') shell.push(toBuffer(chunk, encodingArg))
      if (typeof encodingArg === 'function') encodingArg()
      else if (typeof callback === 'function') callback()
      return true
    }
    const ok = send(toBuffer(chunk, encodingArg))
    if (typeof encodingArg === 'function') encodingArg()
    else if (typeof callback === 'function') callback()
    return ok
  }

  /** @param {any} [chunk] @param {any} [encodingArg] @param {any} [callback] */
  patched.end = function endThrough(chunk, encodingArg, callback) {
    if (typeof chunk === 'function') [callback, chunk] = [chunk, undefined]
    else if (typeof encodingArg === 'function') [callback, encodingArg] = [encodingArg, undefined]
    if (mode === undefined) {
      const decision = decide(openingOf(chunk), chunk != null && chunk.length > 0)
      if (decision === 'whole') return endWhole(chunk, encodingArg, callback)
      mode = /** @type {'pass' | 'stream' | 'replace' | 'unavailable'} */ (decision)
    }
    // Next may end again while the 404 page is on its way: the page's own end is the one that counts
    if (mode === 'pending') return res
    if (mode === 'unavailable') return sendUnavailable(callback)
    if (mode === 'replace') {
      if (chunk != null) shell.push(toBuffer(chunk, encodingArg))
      return sendNotFoundPage(Buffer.concat(shell), callback)
    }
    if (mode === 'pass') return end(chunk, encodingArg, callback)
    if (chunk != null) send(toBuffer(chunk, encodingArg))
    const rest = filter ? Buffer.from(filter.end(), 'latin1') : Buffer.alloc(0)
    if (compressor) {
      if (callback) compressor.once('end', callback)
      compressor.end(rest)
      return res
    }
    return end(rest, callback)
  }

  // Next flushes after each streamed chunk, as it would with its own compression
  Object.assign(res, {flush: () => compressor?.flush()})

  /** The whole page in one piece (it came from the cache): rewrite, compress once, and say its length. */
  const endWhole = (/** @type {any} */ chunk, /** @type {any} */ encodingArg, /** @type {(() => void) | undefined} */ callback) => {
    // Next ends a cached page with one string: encoded only if it has to be rewritten or hashed here
    /** @type {Buffer | undefined} */
    let bytes
    const body = () => (bytes ??= toBuffer(chunk, encodingArg))
    // ISR and static pages repeat: rewrite and compress them once
    const reusable = res.getHeader('x-nextjs-cache') !== undefined || /s-maxage/.test(String(res.getHeader('cache-control')))
    const etag = res.getHeader('etag')
    /** @type {string | undefined} the page's identity, hashed here only if Next gave none and it is needed */
    let id
    /** @param {string} variant */
    const keyFor = (variant) =>
      reusable ? `${variant} ${(id ??= typeof etag === 'string' ? etag : createHash('sha1').update(body()).digest('base64'))}` : undefined
    let out = html ? remembered(keyFor('scripts-out'), () => Buffer.from(removeScripts(body().toString('latin1')), 'latin1')) : body()
    if (encoding && compressible && out.length >= MIN_COMPRESS_BYTES) {
      const plain = out
      out = remembered(keyFor(`${encoding}${html ? ' scripts-out' : ''}`), () => compress(plain, encoding, reusable))
      res.setHeader('Content-Encoding', encoding)
      weakenEtag(res)
    }
    res.setHeader('Content-Length', out.length)
    mode = 'pass'
    // an error shell (a request for the 404 page's own shell) never stands in for a page
    if (!errorShell) keep?.(out)
    return end(out, callback)
  }

  /** The self-contained 503 page in place of Next's error shell: come back in a moment. */
  const sendUnavailable = (/** @type {(() => void) | undefined} */ callback) => {
    mode = 'pass'
    const page = Buffer.from(UNAVAILABLE_PAGE)
    res.statusCode = 503
    for (const name of ['etag', 'content-encoding', 'x-nextjs-cache']) res.removeHeader(name)
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    res.setHeader('Content-Security-Policy', policy)
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
    res.setHeader('Content-Length', page.length)
    return end(req.method === 'HEAD' ? undefined : page, callback)
  }

  /** The site's 404 page in place of Next's error shell; the shell itself, should the page fail. */
  const sendNotFoundPage = (/** @type {Buffer} */ shellBody, /** @type {(() => void) | undefined} */ callback) => {
    mode = 'pending'
    /** @param {() => void} send */
    const finish = (send) => {
      mode = 'pass'
      // the client may have gone meanwhile
      if (res.headersSent || res.destroyed) return
      try {
        send()
      } catch (error) {
        console.error(`[start] could not send the 404 page: ${/** @type {Error} */ (error).message}`)
        res.destroy()
      }
    }
    notFoundPage?.(encoding).then(
      (page) =>
        finish(() => {
          res.setHeader('Content-Type', 'text/html; charset=utf-8')
          res.setHeader('Content-Security-Policy', policy)
          // the shell's validator does not describe this body
          res.removeHeader('etag')
          if (page.encoding) res.setHeader('Content-Encoding', page.encoding)
          else res.removeHeader('content-encoding')
          addVary(res, 'Accept-Encoding')
          res.setHeader('Content-Length', page.body.length)
          end(req.method === 'HEAD' ? undefined : page.body, callback)
        }),
      (/** @type {Error} */ error) =>
        finish(() => {
          console.error(`[start] the 404 page could not be had, so this 404 needs JavaScript to show: ${error.message}`)
          res.setHeader('Content-Length', shellBody.length)
          end(shellBody, callback)
        }),
    )
    return res
  }
}

/** @param {unknown[]} flat @returns {[string, any][]} */
const pairs = (flat) => Array.from({length: flat.length / 2}, (_, i) => [String(flat[2 * i]), flat[2 * i + 1]])
