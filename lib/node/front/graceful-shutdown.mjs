// @ts-check
/**
 * SIGTERM for a server behind a load balancer or in a container: stop accepting connections, let the responses in
 * flight finish (up to a bound), then close what is left. Node's own `server.close()` does the first two but keeps
 * a keep-alive connection open after its response (until `keepAliveTimeout`), and waits without end for a client
 * that keeps a response open.
 */

/** How long responses in flight may take after SIGTERM: under Kubernetes' default grace period of 30 s. */
export const SHUTDOWN_GRACE_MS = 10_000

/**
 * Watches `server` from its start and, from `stop()` on: no new connections, idle keep-alive ones closed at once,
 * busy ones once their response is done (Node has no public list of responses in flight, hence this one); any
 * still open after `graceMs` are cut. `stop()` resolves once every connection is closed.
 * @param {import('node:http').Server} server @param {{graceMs?: number, log?: (line: string) => void}} [options]
 */
export function gracefulShutdown(server, {graceMs = SHUTDOWN_GRACE_MS, log = console.log} = {}) {
  /** @type {Set<import('node:http').ServerResponse>} */
  const inFlight = new Set()
  let stopping = false
  /** After its response, a connection ends (its pending bytes still sent): the client is told nothing more comes. @param {import('node:http').ServerResponse} res */
  const closeAfter = (res) => {
    if (!res.headersSent) res.setHeader('Connection', 'close')
    const socket = res.socket
    res.once('finish', () => setImmediate(() => socket?.end()))
  }
  /** Responses that are event streams, by the head the server sent: never by what the client asked for. @type {WeakSet<import('node:http').ServerResponse>} */
  const asStreams = new WeakSet()
  // first of the server's request listeners: its writeHead is wrapped before the handler can call it
  server.prependListener('request', (req, res) => {
    if (stopping) return closeAfter(res)
    inFlight.add(res)
    recordEventStream(res, asStreams)
    res.once('close', () => inFlight.delete(res))
  })

  /** @param {{graceMs?: number}} [options] the bound, when the caller's differs from this server's @returns {Promise<{cut: boolean}>} */
  const stop = ({graceMs: bound = graceMs} = {}) =>
    new Promise((resolve) => {
      stopping = true
      let cut = false
      const timer = setTimeout(() => {
        cut = true
        log(`[start] responses still open after ${bound} ms: closing them`)
        server.closeAllConnections()
      }, bound)
      server.close(() => {
        clearTimeout(timer)
        resolve({cut})
      })
      server.closeIdleConnections()
      for (const res of inFlight) {
        closeAfter(res)
        // an event stream never finishes by itself (a draft tab's /api/draft-mode/changes): end it now, and the
        // browser's EventSource reconnects to the server that takes over
        if (asStreams.has(res) || isEventStream(res.getHeader('content-type'))) res.end()
      }
    })
  return {stop}
}

/** @param {unknown} contentType */
const isEventStream = (contentType) => /^\s*text\/event-stream\b/i.test(String(contentType ?? ''))

/**
 * Adds `res` to `streams` when its head says `text/event-stream`: headers given to `writeHead` itself cannot be read
 * back with getHeader, so writeHead is wrapped to see them (an object, or a raw `[name, value, …]` list).
 * @param {import('node:http').ServerResponse} res @param {WeakSet<import('node:http').ServerResponse>} streams
 */
function recordEventStream(res, streams) {
  const writeHead = res.writeHead
  res.writeHead = /** @type {typeof res.writeHead} */ (
    function (/** @type {any[]} */ ...args) {
      const headers = args.find((arg, index) => index > 0 && arg && typeof arg === 'object')
      const pairs = Array.isArray(headers)
        ? Array.isArray(headers[0])
          ? headers
          : headers.flatMap((value, index) => (index % 2 ? [] : [[value, headers[index + 1]]]))
        : Object.entries(headers ?? {})
      if (pairs.some(([name, value]) => /^content-type$/i.test(String(name)) && isEventStream(value))) streams.add(res)
      return writeHead.apply(this, /** @type {any} */ (args))
    }
  )
}

/**
 * What else this process serves and must close at SIGTERM (the local Content Lake, started from inside Next's bundle):
 * `drain` runs beside the server's own drain, within the same bound (given to it); `close` once every drain is done.
 * Kept on the global object, which Next's bundle and start.mjs share.
 * @typedef {{drain: (options: {graceMs: number}) => Promise<unknown>, close: () => Promise<unknown>}} ShutdownStep
 */
const STEPS = Symbol.for('broadsheet.shutdownSteps')
/** @type {{[STEPS]?: ShutdownStep[]}} */
const holder = /** @type {any} */ (globalThis)

/** Has `exitGracefullyOnSignal` drain and close `step` too. @param {ShutdownStep} step */
export const closeAtShutdown = (step) => void (holder[STEPS] ??= []).push(step)

/**
 * Runs each step's `what`; a failure is logged and leaves the others to run.
 * @param {'drain' | 'close'} what @param {{graceMs: number}} options
 */
const runSteps = (what, options) =>
  Promise.all(
    (holder[STEPS] ?? []).map((step) =>
      step[what](options).catch((error) => console.error(`[start] a ${what} at shutdown failed: ${error.message}`)),
    ),
  )

/**
 * On SIGINT or SIGTERM, once: drains `server` (gracefulShutdown) and what registered with closeAtShutdown, says so,
 * closes those, runs `after` (Next's own close), and exits 0, within `graceMs` and what `after` takes. Call it before
 * the server takes requests.
 * @param {import('node:http').Server} server @param {{after?: () => Promise<unknown>, graceMs?: number}} [options]
 */
export function exitGracefullyOnSignal(server, {after = async () => {}, graceMs = SHUTDOWN_GRACE_MS} = {}) {
  const shutdown = gracefulShutdown(server, {graceMs})
  let stopping = false
  /** @param {NodeJS.Signals} signal */
  const stop = (signal) => {
    // a second signal (Ctrl-C pressed twice, an orchestrator's repeat) does not start a second drain
    if (stopping) return
    stopping = true
    const drained = Promise.all([shutdown.stop(), runSteps('drain', {graceMs})]).then(() => runSteps('close', {graceMs}))
    // said once the listener is closed: from this line on, a new connection is refused
    console.log(`[start] ${signal}: no new connections; finishing the responses in flight (at most ${graceMs} ms)`)
    // whatever `after` does, the process ends: an orchestrator would otherwise wait for its SIGKILL
    setTimeout(() => {
      console.error(`[start] still closing ${graceMs * 2} ms after ${signal}: exiting`)
      process.exit(1)
    }, graceMs * 2).unref()
    drained
      .then(after)
      .catch((error) => console.error(`[start] closing after ${signal} failed: ${error.message}`))
      .finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
