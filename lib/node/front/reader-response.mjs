// @ts-check
/**
 * Rewrites Next's response to a request the front took, on its way out: a reader page loses its scripts and gets
 * the script-free policy (reader-decision.mjs says which), compressible bodies are compressed here (encoding.mjs),
 * bodies Next had whole are rewritten and compressed once (encoded-memo.mjs), and Next's error shells are replaced
 * (error-pages.mjs). Every other header Next set (ISR's Cache-Control, x-nextjs-cache, ETag, Vary) goes on.
 */
import {createHash} from 'node:crypto'
import {ERROR_SHELL, sendNotFoundPage, sendUnavailable} from './error-pages.mjs'
import {addVary, compressBody, createStreamEncoder, isCompressible, MIN_COMPRESS_BYTES, weakenEtag} from './encoding.mjs'
import {createLogOnce} from './log-once.mjs'
import {clientHolds, notModifiedHeaders} from './not-modified.mjs'
import {keepsScripts, servedFromCache} from './reader-decision.mjs'
import {createScriptFilter, removeScripts} from './script-filter.mjs'

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {import('./encoding.mjs').Encoding} Encoding */
/** @typedef {'pass' | 'stream' | 'collect' | 'replace' | 'unavailable' | 'pending'} Mode what happens to the body */
/** @typedef {(body: Buffer) => void} Keep offers a whole response, as sent, to the micro-cache */
/**
 * @typedef {object} RewriteOptions
 * @property {string} policy the script-free Content-Security-Policy
 * @property {Encoding | undefined} encoding what the client accepts
 * @property {boolean} draft whether the request is in draft mode (reader-decision.mjs createDraftCheck)
 * @property {string} url the URL the client asked for (Next rewrites `req.url` on its way)
 * @property {import('node:http').IncomingHttpHeaders} conditional the client's If-None-Match and Cache-Control, held back from Next
 * @property {import('./encoded-memo.mjs').EncodedMemo} memo
 * @property {Keep} [keep]
 * @property {import('./error-pages.mjs').NotFoundPageSource} [notFoundPage]
 * @property {(error: Error, line: string) => void} [logOnce] a compressor that fails (zlib out of memory, say) fails alike for every page: one line per cause (log-once.mjs), one such log per front
 */

/** @param {unknown} chunk @param {unknown} encoding */
const toBuffer = (chunk, encoding) =>
  chunk == null
    ? Buffer.alloc(0)
    : typeof chunk === 'string'
      ? Buffer.from(chunk, /** @type {BufferEncoding} */ (typeof encoding === 'string' ? encoding : 'utf8'))
      : Buffer.from(/** @type {Uint8Array} */ (chunk))

/** A body's first 200 bytes as latin1, without encoding the rest. @param {unknown} chunk */
const openingOf = (chunk) =>
  chunk == null ? '' : typeof chunk === 'string' ? chunk.slice(0, 200) : toBuffer(chunk, undefined).subarray(0, 200).toString('latin1')

/** @param {unknown[]} flat @returns {[string, any][]} */
const pairs = (flat) => Array.from({length: flat.length / 2}, (_, i) => [String(flat[2 * i]), flat[2 * i + 1]])

/**
 * Call before handing the request to Next (with Next's own compression off): patches `res` as Next's compression
 * would. The head is settled on the first write or end, when the whole body may be in hand.
 * @param {Request} req @param {Response} res @param {RewriteOptions} options
 */
export function rewriteReaderResponse(
  req,
  res,
  {policy, encoding, draft, url, conditional, memo, keep, notFoundPage, logOnce = createLogOnce(console.error)},
) {
  /** @type {any} the response, patched in place */
  const patched = res
  const originalWriteHead = res.writeHead.bind(res)
  /** @type {(...args: any[]) => boolean} */
  const originalWrite = res.write.bind(res)
  /** @type {(...args: any[]) => Response} */
  const originalEnd = res.end.bind(res)
  const commit = () => res.headersSent || originalWriteHead(res.statusCode, res.statusMessage || undefined)
  /** @type {(...args: any[]) => boolean} */
  const write = (...args) => (commit(), originalWrite(...args))
  /** @type {(body?: Buffer, callback?: () => void) => void} */
  const end = (body, callback) => void (commit(), originalEnd(body, callback))
  /** @type {Mode | undefined} */
  let mode
  /** The body so far, where it is taken whole (Next's error shell, or a body Next had in memory). @type {Buffer[]} */
  const held = []
  /** @type {ReturnType<typeof createScriptFilter> | undefined} */
  let filter
  /** @type {ReturnType<typeof createStreamEncoder> | undefined} */
  let encoder
  let reader = false
  let compress = false
  /** An error shell (a request for the 404 page's own shell) never stands in for a page. */
  let errorShell = false

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
    errorShell = ERROR_SHELL.test(opening)
    // Next 16 sends a 404 from notFound() as an empty error shell its runtime fills in (vercel/next.js#62228)
    if (errorShell && res.statusCode === 404 && notFoundPage) return 'replace'
    // a page Next could not render at all (its error shell, or nothing): a 503 to come back to, not a 500
    if (res.statusCode >= 500 && (errorShell || opening === '')) return 'unavailable'
    const html = /^text\/html\b/i.test(String(res.getHeader('content-type') ?? '')) && !errorShell
    reader = html && !keepsScripts({draft, res})
    if (reader) res.setHeader('Content-Security-Policy', policy)
    const compressible = isCompressible(res)
    compress = Boolean(encoding && compressible)
    // what a client gets depends on what it accepts, whatever this one accepted
    if (compressible) addVary(res, 'Accept-Encoding')
    if (reader || compress) weakenEtag(res)
    if (res.statusCode < 200 || res.statusCode === 204 || res.statusCode === 304) {
      if (reader) res.removeHeader('content-length')
      return 'pass'
    }
    if (whole) return 'whole'
    if (servedFromCache(res) && (reader || compress)) return 'collect'
    if (!reader && !compress) return 'pass'
    res.removeHeader('content-length')
    if (reader) filter = createScriptFilter()
    if (compress && encoding) {
      res.setHeader('Content-Encoding', encoding)
      encoder = createStreamEncoder(encoding, {
        write: (data) => write(data),
        end: () => end(undefined, endCallback),
        fail: encoderFailed,
      })
      res.on('close', () => encoder?.destroy())
    }
    return 'stream'
  }

  /** What went into the compressor while the head is not out: sent as it is, should the compressor fail before. @type {Buffer[] | undefined} */
  let unsent = []
  /** Next's callback for its end, once it has ended. @type {(() => void) | undefined} */
  let endCallback
  /** Whether the response was ended here after its compressor failed: what Next writes after is dropped. */
  let abandoned = false

  /** @param {Buffer} bytes */
  const encode = (bytes) => {
    if (res.headersSent) unsent = undefined
    else unsent?.push(bytes)
    return /** @type {NonNullable<typeof encoder>} */ (encoder).write(bytes)
  }

  /**
   * The compressor failed: before the head is out, the page goes uncompressed (what the compressor had is sent as it
   * is, and the rest follows); after, the response is destroyed (a reset): a clean end would make the cut body look
   * complete to the client and to any cache. Logged once per cause.
   * @param {Error} error
   */
  const encoderFailed = (error) => {
    encoder = undefined
    if (!res.headersSent && unsent) {
      logOnce(error, `[start] compressing ${url} failed (${error.message}): sending it uncompressed`)
      res.removeHeader('content-encoding')
      write(Buffer.concat(unsent))
      unsent = undefined
      if (ended) end(undefined, endCallback)
      return
    }
    logOnce(error, `[start] compressing ${url} failed (${error.message}) after its head was sent: cutting the response`)
    abandoned = true
    res.destroy(error)
    endCallback?.()
  }

  /** @param {Buffer} chunk */
  const send = (chunk) => {
    const bytes = filter ? Buffer.from(filter.push(chunk.toString('latin1')), 'latin1') : chunk
    return encoder ? encode(bytes) : write(bytes)
  }

  /** Whether Next has ended the response: a write after it is dropped and logged, never fed to a finished compressor. */
  let ended = false

  /** @param {any} chunk @param {any} [encodingArg] @param {any} [callback] */
  patched.write = function writeThrough(chunk, encodingArg, callback) {
    if (abandoned) return false
    if (ended) {
      console.error(`[start] ${url}: a write after the response ended was dropped`)
      return false
    }
    mode ??= /** @type {Mode} */ (decide(openingOf(chunk), false))
    if (mode === 'pass') return write(chunk, encodingArg, callback)
    const ok = mode === 'stream' ? send(toBuffer(chunk, encodingArg)) : true
    if (mode === 'replace' || mode === 'collect') held.push(toBuffer(chunk, encodingArg))
    if (typeof encodingArg === 'function') encodingArg()
    else if (typeof callback === 'function') callback()
    return ok
  }

  /** @param {any} [chunk] @param {any} [encodingArg] @param {any} [callback] */
  patched.end = function endThrough(chunk, encodingArg, callback) {
    if (typeof chunk === 'function') [callback, chunk] = [chunk, undefined]
    else if (typeof encodingArg === 'function') [callback, encodingArg] = [encodingArg, undefined]
    // Next may end again while a body is on its way: the first end is the one that counts
    if (ended) return res
    ended = true
    if (mode === undefined) {
      const decision = decide(openingOf(chunk), chunk != null && chunk.length > 0)
      if (decision === 'whole') return endWhole(toBuffer(chunk, encodingArg), callback)
      mode = /** @type {Mode} */ (decision)
    }
    if (mode === 'unavailable') return ((mode = 'pass'), sendUnavailable(res, {policy, end, callback}), res)
    if (mode === 'replace' || mode === 'collect') {
      if (chunk != null) held.push(toBuffer(chunk, encodingArg))
      if (mode === 'collect') return endWhole(Buffer.concat(held), callback)
      mode = 'pending'
      void sendNotFoundPage(res, {policy, encoding, source: /** @type {any} */ (notFoundPage), shell: Buffer.concat(held), end, callback})
      return res
    }
    if (mode === 'pass') return (end(chunk == null ? undefined : toBuffer(chunk, encodingArg), callback), res)
    if (abandoned) return res
    if (chunk != null) send(toBuffer(chunk, encodingArg))
    const rest = filter ? Buffer.from(filter.end(), 'latin1') : Buffer.alloc(0)
    endCallback = callback
    if (encoder) {
      if (!res.headersSent) unsent?.push(rest)
      encoder.end(rest, undefined)
    } else end(rest, callback)
    return res
  }

  // Next flushes after each streamed chunk; with its own compression off, nothing replaces this
  Object.assign(res, {flush: () => encoder?.flush()})

  /** A body had whole (Next's cache): a 304 if the client holds it, else rewritten and compressed once, its length said. */
  const endWhole = (/** @type {Buffer} */ body, /** @type {(() => void) | undefined} */ callback) => {
    mode = 'pending'
    if (res.statusCode === 200 && clientHolds(conditional, res.getHeaders())) {
      const headers = notModifiedHeaders(res.getHeaders())
      for (const name of res.getHeaderNames()) if (!(name in headers)) res.removeHeader(name)
      res.statusCode = 304
      end(undefined, callback)
      return res
    }
    // ISR and static pages repeat: rewrite and compress them once
    const reusable = res.hasHeader('x-nextjs-cache') || /s-maxage/.test(String(res.getHeader('cache-control')))
    const etag = res.getHeader('etag')
    const validator = typeof etag === 'string' ? etag : createHash('sha1').update(body).digest('base64')
    /** @param {string} variant @param {(strength: import('./encoding.mjs').Strength) => Promise<Buffer>} make @param {boolean} upgradable */
    const made = (variant, make, upgradable) => (reusable ? memo.get({url, validator, variant}, make, upgradable) : make('fast'))
    const filtered = reader
      ? made('scripts-out', async () => Buffer.from(removeScripts(body.toString('latin1')), 'latin1'), false)
      : Promise.resolve(body)
    filtered
      .then((plain) =>
        compress && encoding && plain.length >= MIN_COMPRESS_BYTES
          ? made(`${encoding}${reader ? ' scripts-out' : ''}`, (strength) => compressBody(plain, encoding, strength), true).then(
              (out) => {
                res.setHeader('Content-Encoding', encoding)
                return out
              },
              // the head is not out yet: the page goes uncompressed rather than not at all
              (/** @type {Error} */ error) => {
                logOnce(error, `[start] compressing ${url} failed (${error.message}): sending it uncompressed`)
                return plain
              },
            )
          : plain,
      )
      .then(
        (out) => {
          if (res.destroyed) return
          res.setHeader('Content-Length', out.length)
          if (!errorShell) keep?.(out)
          end(out, callback)
        },
        (/** @type {Error} */ error) => {
          console.error(`[start] could not prepare ${url}: ${error.message}`)
          res.destroy(error)
        },
      )
    return res
  }
}
