// @ts-check
/**
 * SIGTERM for a server behind a load balancer or in a container: stop accepting connections, let the responses in
 * flight finish (up to a bound), then close what is left. Node's own `server.close()` does the first two but
 * waits without end for a client that keeps a response open.
 */

/** How long responses in flight may take after SIGTERM: under Kubernetes' default grace period of 30 s. */
export const SHUTDOWN_GRACE_MS = 10_000

/**
 * Stops `server`: no new connections, idle keep-alive ones closed at once, busy ones once their response is done;
 * any still open after `graceMs` are cut. Resolves once every connection is closed.
 * @param {import('node:http').Server} server @param {{graceMs?: number, log?: (line: string) => void}} [options]
 * @returns {Promise<{cut: boolean}>}
 */
export function shutDownGracefully(server, {graceMs = SHUTDOWN_GRACE_MS, log = console.log} = {}) {
  return new Promise((resolve) => {
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
    // a keep-alive connection between requests would hold close() open; one mid-response closes after it
    server.closeIdleConnections()
    server.on('request', (_req, res) => res.setHeader('Connection', 'close'))
  })
}
