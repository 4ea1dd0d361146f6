// @ts-check
/**
 * Compression for what the front does not take (Next's files, the API, the Studio, images): the `compression`
 * middleware, as Next would apply it, with the two holes closed that `npm start` (Next's own compression off) must
 * close itself:
 * - a download the client abandons left compression's zlib stream open for good (native memory the GC never frees):
 *   the middleware ends its stream only from its own `res.end`, which a closed response never reaches
 *   (compression 1.8.1, the version package.json pins, has no fix; Next fixed only its vendored copy, vercel/next.js#96173);
 * - the middleware listens for no 'error' on that stream, so an encoder error would end the process.
 * Event streams are never compressed: a compressor holds back what it has not flushed, events included.
 */
import compression from 'compression'
import {createLogOnce} from './log-once.mjs'

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {import('node:stream').Duplex} Stream */

const noop = () => {}

const NO_STREAM_FOUND =
  '[start] compression set Content-Encoding but passthrough-compression.mjs found no zlib stream to close with the response: compression changed how it hands on res.on, and abandoned downloads now leak zlib memory'

/**
 * compression's zlib stream for `res`, once its head is written; undefined when it does not compress it. The
 * middleware keeps the stream to itself, and the one call it hands on to it is `res.on('drain')`, which then returns
 * the stream (private behaviour of compression 1.8.1, the version package.json pins); should a later version change
 * that, the middleware logs it once at run time (below), and tests/unit/node/front/passthrough-compression.test.ts fails.
 * @param {Response} res @returns {Stream | undefined}
 */
function compressorOf(res) {
  const target = /** @type {any} */ (res.on('drain', noop))
  if (!target || target === res || typeof target.destroy !== 'function') return undefined
  target.removeListener('drain', noop)
  return target
}

/**
 * The middleware for everything the front leaves to Next; every zlib stream it opens is closed with its response,
 * and an encoder error cuts the response (its head is out by then: a clean end would make a cut body look whole, and
 * `/_next/static/*` is cached immutable for a year), logged once per cause.
 * @param {{log?: (line: string) => void}} [options]
 * @returns {(req: Request, res: Response, next: () => void) => void}
 */
export function createPassThroughCompression({log = console.error} = {}) {
  const compress = compression({
    filter: (req, res) => !/^text\/event-stream\b/i.test(String(res.getHeader('content-type') ?? '')) && compression.filter(req, res),
  })
  const logOnce = createLogOnce(log)
  return (req, res, next) => {
    compress(/** @type {any} */ (req), /** @type {any} */ (res), () => {
      /** @type {(...args: any[]) => Response} */
      const writeHead = res.writeHead.bind(res)
      let watched = false
      Object.assign(res, {
        /** @param {any[]} args */
        writeHead: (...args) => {
          const encodedBefore = res.hasHeader('content-encoding')
          const result = writeHead(...args)
          // the middleware decides on the first head; a second writeHead (none expected) finds the same stream
          const stream = watched ? undefined : compressorOf(res)
          if (!watched && !stream && !encodedBefore && res.hasHeader('content-encoding')) {
            logOnce(new Error('compressor not found'), NO_STREAM_FOUND)
          }
          watched = true
          if (stream) {
            // ends the stream whichever way the response ends: a finished response has ended it already
            res.once('close', () => stream.destroy())
            stream.on('error', (error) => {
              logOnce(error, `[start] compressing ${req.url} failed (${error.message}): its response is cut`)
              // the 'error' listeners Node's server puts on the socket keep the process up
              if (!res.destroyed) res.destroy(error)
            })
          }
          return result
        },
      })
      next()
    })
  }
}
