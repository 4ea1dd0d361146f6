// @ts-check
/**
 * The health probe's worker thread (started by health-probe.mjs): an HTTP server on its own port that answers
 * `GET /healthz` (and HEAD) from the shared memory the main thread writes, without asking the main thread anything:
 * its event loop may be busy rendering, or stuck. Tells the main thread `{port}` once listening, or `{error}` when it
 * cannot listen; an error after that (EMFILE on accept) as `{log}`, and it goes on listening.
 */
import http from 'node:http'
import {parentPort, workerData} from 'node:worker_threads'
import {SLOT, STATE} from './health-probe.mjs'

/** @type {{slots: BigInt64Array, host: string, port: number, staleAfterMs: number}} */
const {slots, host, port, staleAfterMs} = workerData
const HEADERS = {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store'}

/** What /healthz says now: the state first (a server shutting down is not to get traffic, however fresh its beat). */
function answer() {
  const state = Atomics.load(slots, SLOT.state)
  if (state === STATE.shuttingDown) return {status: 503, body: 'shutting down'}
  if (state === STATE.starting) return {status: 503, body: 'starting'}
  const ageMs = Number((process.hrtime.bigint() - Atomics.load(slots, SLOT.beat)) / 1_000_000n)
  if (ageMs >= staleAfterMs) return {status: 503, body: `event loop blocked for ${ageMs} ms`}
  return {status: 200, body: 'ok'}
}

/** @param {http.ServerResponse} res @param {number} status @param {string} body @param {Record<string, string>} [extra] */
const send = (res, status, body, extra = {}) => {
  res.writeHead(status, {...HEADERS, 'Content-Length': Buffer.byteLength(`${body}\n`), ...extra})
  res.end(res.req.method === 'HEAD' ? undefined : `${body}\n`)
}

const server = http.createServer((req, res) => {
  if (req.url?.split('?')[0] !== '/healthz') return send(res, 404, 'not found: this port answers only /healthz')
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', {Allow: 'GET, HEAD'})
  const {status, body} = answer()
  send(res, status, body)
})
/** @param {Error} error */
const cannotListen = (error) => parentPort?.postMessage({error: error.message})
server.once('error', cannotListen)
server.listen(port, host, () => {
  server.off('error', cannotListen)
  // from here an error (EMFILE on accept) is told to the main thread's log; the server goes on listening
  server.on('error', (error) => parentPort?.postMessage({log: error.message}))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  parentPort?.postMessage({port: address.port})
})
