// @ts-check
/**
 * Compression for the front: brotli or gzip as the client accepts them (q-values honoured, brotli preferred on a
 * tie), always on libuv's thread pool, never on the event loop. Our own rather than the `compression` middleware
 * for reader responses because it must run after the script filter, keep a body whole for the memo, and weaken
 * the ETag of what it changed; everything else `npm start` serves goes through `compression` itself.
 */
import {promisify} from 'node:util'
import zlib from 'node:zlib'
import compressible from 'compressible'
import Negotiator from 'negotiator'
import vary from 'vary'

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {'br' | 'gzip'} Encoding */
/** @typedef {'fast' | 'best'} Strength fast for a body's first request, best once it is asked for again */

/** Below this a compressed body saves less than its headers cost (the `compression` package's threshold). */
export const MIN_COMPRESS_BYTES = 1024

/** The encoding to send, by the client's q-values; brotli before gzip when they weigh the same. @param {Request} req @returns {Encoding | undefined} */
export function negotiateEncoding(req) {
  /** @type {(available: string[], options: {preferred: string[]}) => string[]} negotiator 1.0's signature (its @types are 0.6's) */
  const encodings = /** @type {any} */ (new Negotiator(req)).encodings.bind(new Negotiator(req))
  const chosen = encodings(['br', 'gzip', 'identity'], {preferred: ['br', 'gzip', 'identity']})[0]
  return chosen === 'br' || chosen === 'gzip' ? chosen : undefined
}

/** Whether this response may be compressed: a compressible type, and no `no-transform`. @param {Response} res */
export function isCompressible(res) {
  const type = String(res.getHeader('content-type') ?? '')
  return Boolean(type && compressible(type)) && !/\bno-transform\b/i.test(String(res.getHeader('cache-control') ?? ''))
}

/** @param {Response} res @param {string} name */
export const addVary = (res, name) => vary(res, name)

/** A body this layer changed (filtered or compressed) gets a weak validator, as nginx gives its gzip output. @param {Response} res */
export function weakenEtag(res) {
  const etag = res.getHeader('etag')
  if (typeof etag === 'string' && !etag.startsWith('W/')) res.setHeader('ETag', `W/${etag}`)
}

/** Brotli 11 for a page asked for again (~100 ms of a pool thread for 60 KB, kept by the memo), 5 the first time. */
const BROTLI_QUALITY = {fast: 5, best: 11}
const GZIP_LEVEL = {fast: 6, best: 9}

/**
 * A whole body, compressed on the thread pool.
 * @param {Buffer} body @param {Encoding} encoding @param {Strength} strength @returns {Promise<Buffer>}
 */
export const compressBody = (body, encoding, strength) =>
  // zlib's functions are looked up per call, as its stream factories are, so a test can make zlib fail
  encoding === 'br'
    ? promisify(zlib.brotliCompress)(body, {
        params: {[zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY[strength], [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length},
      })
    : promisify(zlib.gzip)(body, {level: GZIP_LEVEL[strength]})

/**
 * A compressor for a body that comes in pieces (a streamed page): what it makes goes to `write`, its end to `end`,
 * and any error to `fail` (a zlib stream without an 'error' listener would take the process down).
 * @param {Encoding} encoding
 * @param {{write: (chunk: Buffer) => void, end: () => void, fail: (error: Error) => void}} sink
 */
export function createStreamEncoder(encoding, {write, end, fail}) {
  const stream =
    encoding === 'br' ? zlib.createBrotliCompress({params: {[zlib.constants.BROTLI_PARAM_QUALITY]: 5}}) : zlib.createGzip({level: 6})
  stream.on('data', write)
  stream.on('end', end)
  stream.on('error', fail)
  return {
    /** A page is a few dozen KB: the compressor buffers it rather than pass backpressure through. @param {Buffer} chunk */
    write: (chunk) => (stream.write(chunk), true),
    /** @param {Buffer} rest @param {(() => void) | undefined} callback */
    end(rest, callback) {
      if (callback) stream.once('end', callback)
      stream.end(rest)
    },
    /** Sends on what it holds: Next flushes after each streamed chunk. @param {() => void} [callback] once it has */
    flush: (callback) => stream.flush(callback),
    destroy: () => stream.destroy(),
  }
}
