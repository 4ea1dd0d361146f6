// `npm start`: Next's production server, with the client runtime taken out of reader pages (lib/server/reader-response.mjs).
// Takes `next start`'s -p/--port and -H/--hostname; a plain `next start` still serves the same pages, with their scripts.
import http from 'node:http'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {readEnv} from '../env-schema.mjs'
import {scriptFreePolicy} from '../server/content-security.mjs'
import {isReaderRequest, rewriteReaderResponse} from '../server/reader-response.mjs'

process.env.NODE_ENV ??= 'production'
process.env.NEXT_TELEMETRY_DISABLED ??= '1'

const {values} = parseArgs({
  options: {port: {type: 'string', short: 'p'}, hostname: {type: 'string', short: 'H'}, keepAliveTimeout: {type: 'string'}},
})
const port = Number(values.port ?? process.env.PORT ?? 3000)
const hostname = values.hostname ?? process.env.HOSTNAME ?? '0.0.0.0'
// as next start does: the server's own revalidation calls reach it at 127.0.0.1:$PORT (lib/revalidation/internal.ts)
process.env.PORT = String(port)
const env = readEnv()
const policy = scriptFreePolicy({hosted: env.mode === 'hosted'})

const {default: next} = await import('next')
const app = next({dev: false, dir: path.resolve(import.meta.dirname, '../..'), hostname, port})
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

const server = http.createServer((req, res) => {
  // a path Next cannot percent-decode gets the site's 404 page: proxy.ts rewrites it under next start, but behind a
  // custom server Next sends that rewrite out over HTTP to localhost, which fails
  if (!decodable(req.url)) req.url = '/not-found'
  if (isReaderRequest(req)) rewriteReaderResponse(req, res, {policy})
  handle(req, res).catch((error) => {
    console.error(error)
    if (!res.headersSent) res.statusCode = 500
    res.end()
  })
})
if (values.keepAliveTimeout) server.keepAliveTimeout = Number(values.keepAliveTimeout)
server.listen(port, hostname, () => console.log(`  ▲ Broadsheet on http://${hostname}:${port} (reader pages without client scripts)`))

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close()
    server.closeAllConnections()
    app.close().finally(() => process.exit(0))
  })
}
