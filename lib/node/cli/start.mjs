// `npm start`: Next's production server, with the client runtime taken out of reader pages (lib/node/front/reader-front.mjs).
// Takes `next start`'s -p/--port and -H/--hostname (or PORT/HOSTNAME); a plain `next start` still serves the same pages, with their scripts.
import http from 'node:http'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {scriptFreePolicy} from '../front/content-security.mjs'
import {frontServer, listenAddress, markFrontServer, setSelfOrigin, urlHost} from '../front/front-server.mjs'
import {closeAtShutdown, exitGracefullyOnSignal} from '../front/graceful-shutdown.mjs'
import {startHealthProbe} from '../front/health-probe.mjs'
import {createMicroCache} from '../front/micro-cache.mjs'
import {onPagesExpired} from '../front/pages-expired.mjs'
import {createPassThroughCompression} from '../front/passthrough-compression.mjs'
import {isFrontRequest, readPreviewModeId} from '../front/reader-decision.mjs'
import {createReaderFront, NOT_FOUND_PAGE_REQUEST, NOT_FOUND_PAGE_TOKEN} from '../front/reader-front.mjs'
import {readEnvOrExit} from './env-files.mjs'

// as next start does; assigned through Object.assign because Node's types make NODE_ENV read-only
Object.assign(process.env, {NODE_ENV: process.env.NODE_ENV ?? 'production'})
process.env.NEXT_TELEMETRY_DISABLED ??= '1'

const {values} = parseArgs({
  options: {port: {type: 'string', short: 'p'}, hostname: {type: 'string', short: 'H'}, keepAliveTimeout: {type: 'string'}},
})
// -p as PORT, unparsed: the environment's check (with the .env files loaded) names a bad one, whichever it came from
if (values.port !== undefined) process.env.PORT = values.port
const root = path.resolve(import.meta.dirname, '../../..')
const env = readEnvOrExit(root, {dev: false})
const port = env.port ?? 3000
process.env.PORT = String(port)
// a container's HOSTNAME (its name) is honoured: the server then reaches itself at that address (front-server.mjs);
// a blank one is unset
const hostname = values.hostname || process.env.HOSTNAME || '0.0.0.0'
/** Which setting chose the address, for a message about it. */
const hostSource = values.hostname ? `-H ${hostname}` : process.env.HOSTNAME ? `HOSTNAME=${hostname}` : 'the default address'
/** @param {Error} error */
const stop = (error) => {
  console.error(`[start] ${error.message}`)
  process.exit(1)
}
const address = await listenAddress(hostname, hostSource).catch(stop)
// before Next loads (seconds): a probe port already taken stops the start at once; the probe says `starting` till listen
const healthProbe = env.healthPort === undefined ? undefined : await startHealthProbe({port: env.healthPort, host: address}).catch(stop)
// says 503 from the moment SIGTERM's drain refuses new connections here, and closes once the drain is done
if (healthProbe) closeAtShutdown(healthProbe)
const policy = scriptFreePolicy({hosted: env.mode === 'hosted'})
const previewModeId = readPreviewModeId(path.resolve(root, env.distDir))
// before Next reads next.config.js: Next's own compression goes off, the front compresses after its filter
markFrontServer()

const {default: next} = await import('next')
const app = next({dev: false, dir: root, hostname, port})
const handle = app.getRequestHandler()
await app.prepare()

/** @param {string | undefined} url */
const decodable = (url) => {
  try {
    decodeURIComponent((url ?? '/').split('?')[0])
    return true
  } catch {
    return false
  }
}

/** Next's route for URLs no other route claims: it renders app/not-found.tsx into real HTML, and caches it. */
const NOT_FOUND_PATH = '/_not-found'

/**
 * The site's 404 page as this server sends it (scripts out, compressed as asked, kept by the micro-cache), for
 * the 404s Next renders only in the browser.
 * @param {'br' | 'gzip' | undefined} encoding
 * @returns {Promise<import('../front/error-pages.mjs').NotFoundPage>}
 */
const notFoundPage = (encoding) =>
  new Promise((resolve, reject) => {
    const request = http.get(
      new URL(NOT_FOUND_PATH, frontServer()?.origin),
      {
        headers: {'accept-encoding': encoding ?? 'identity', [NOT_FOUND_PAGE_REQUEST]: NOT_FOUND_PAGE_TOKEN},
        timeout: 10_000,
      },
      (response) => {
        /** @type {Buffer[]} */
        const chunks = []
        response.on('data', (chunk) => chunks.push(chunk))
        response.on('error', reject)
        response.on('end', () => {
          const type = String(response.headers['content-type'] ?? '')
          if (response.statusCode !== 404 || !type.startsWith('text/html'))
            return reject(new Error(`${NOT_FOUND_PATH} answered ${response.statusCode} ${type}`))
          resolve({body: Buffer.concat(chunks), encoding: /** @type {'br' | 'gzip' | undefined} */ (response.headers['content-encoding'])})
        })
      },
    )
    request.on('timeout', () => request.destroy(new Error(`${NOT_FOUND_PATH} took over 10 s`)))
    request.on('error', reject)
  })

const microCache = createMicroCache()
onPagesExpired(() => microCache.clear())
const front = createReaderFront({policy, previewModeId, microCache, notFoundPage})
// what the front does not take (Next's files, the API, the Studio, images) is compressed as Next would have, but event
// streams; a download the client abandons closes its compressor (passthrough-compression.mjs)
const compress = createPassThroughCompression()

/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
const toNext = (req, res) =>
  handle(req, res).catch((error) => {
    console.error(error)
    if (!res.headersSent) res.statusCode = 500
    res.end()
  })

const server = http.createServer((req, res) => {
  // a path Next cannot percent-decode gets the site's 404 page: proxy.ts rewrites it under next start, but behind a
  // custom server Next sends that rewrite out over HTTP to localhost, which fails
  if (!decodable(req.url)) req.url = NOT_FOUND_PATH
  if (front(req, res)) return
  // the front compresses what it took itself: `compression` would replace its res.flush with a no-op and hold back
  // every streamed chunk until the end
  if (isFrontRequest(req)) return void toNext(req, res)
  compress(req, res, () => void toNext(req, res))
})
exitGracefullyOnSignal(server, {after: () => app.close()})
if (values.keepAliveTimeout) server.keepAliveTimeout = Number(values.keepAliveTimeout)
server.listen(port, address, async () => {
  // a HOSTNAME that resolves to several addresses is bound at the first one (README: "Running in a container")
  const origin = await setSelfOrigin(server).catch((error) => {
    console.error(`[start] this server cannot reach itself (publishes would not show): ${error.message}`)
    process.exit(1)
  })
  console.log(`  ▲ Broadsheet on http://${hostname}:${port}, reaching itself at ${origin} (reader pages without client scripts)`)
  if (healthProbe) {
    healthProbe.ready()
    console.log(`  ▲ health probe on http://${urlHost(address)}:${healthProbe.port}/healthz (its own thread: answers while pages render)`)
  }
})
