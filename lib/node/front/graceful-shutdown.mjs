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
  /** Responses that are event streams, by what their client asked for (a response's own head, given to writeHead, cannot be read back). @type {WeakSet<import('node:http').ServerResponse>} */
  const asStreams = new WeakSet()
  server.on('request', (req, res) => {
    if (stopping) return closeAfter(res)
    inFlight.add(res)
    if (/\btext\/event-stream\b/i.test(String(req.headers.accept ?? ''))) asStreams.add(res)
    res.once('close', () => inFlight.delete(res))
  })

  /** @returns {Promise<{cut: boolean}>} */
  const stop = () =>
    new Promise((resolve) => {
      stopping = true
      let cut = false
      const timer = setTimeout(() => {
        cut = true
        log(`[start] responses still open after ${graceMs} ms: closing them`)
        server.closeAllConnections()
      }, graceMs)
      server.close(() => {
        clearTimeout(timer)
        resolve({cut})
      })
      server.closeIdleConnections()
      for (const res of inFlight) {
        closeAfter(res)
        // an event stream never finishes by itself (a draft tab's /api/draft-mode/changes): end it now, and the
        // browser's EventSource reconnects to the server that takes over
        if (asStreams.has(res) || /^text\/event-stream\b/i.test(String(res.getHeader('content-type') ?? ''))) res.end()
      }
    })
  return {stop}
}

/**
 * What else this process serves and must close at SIGTERM (the local Content Lake, started from inside Next's bundle):
 * `drain` runs beside the server's own drain, within the same bound; `close` once every drain is done. Kept on the
 * global object, which Next's bundle and start.mjs share.
 * @typedef {{drain: () => Promise<unknown>, close: () => Promise<unknown>}} ShutdownStep
 */
const STEPS = Symbol.for('broadsheet.shutdownSteps')
/** @type {{[STEPS]?: ShutdownStep[]}} */
const holder = /** @type {any} */ (globalThis)

/** Has `exitGracefullyOnSignal` drain and close `step` too. @param {ShutdownStep} step */
export const closeAtShutdown = (step) => void (holder[STEPS] ??= []).push(step)

/** Runs each step's `what`; a failure is logged and leaves the others to run. @param {'drain' | 'close'} what */
const runSteps = (what) =>
  Promise.all(
    (holder[STEPS] ?? []).map((step) =>
      step[what]().catch((error) => console.error(`[start] a ${what} at shutdown failed: ${error.message}`)),
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
    const drained = Promise.all([shutdown.stop(), runSteps('drain')]).then(() => runSteps('close'))
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
