// @ts-check
/**
 * The health probe `npm start` runs when BROADSHEET_HEALTH_PORT is set: `GET /healthz` answered by a worker thread on
 * a port of its own, so a load balancer's check never queues behind page renders on the main event loop (issue 21).
 * It still tells the truth about that loop: the main thread writes a heartbeat into shared memory every
 * HEARTBEAT_EVERY_MS, and the worker says 503 once the last beat is STALE_AFTER_MS old. Node 20 has no
 * `reusePort`, so the probe cannot share the site's port. The worker's side is health-probe-worker.mjs.
 */
import {Worker} from 'node:worker_threads'

/** The variable that turns the probe on; every message about the probe names it. */
export const HEALTH_PORT_VARIABLE = 'BROADSHEET_HEALTH_PORT'
/** How often the main thread says it is alive: cheap (one atomic store), and well inside STALE_AFTER_MS. */
export const HEARTBEAT_EVERY_MS = 100
/**
 * How long the main loop may go without a beat before the probe says 503. A render takes ~50 ms and a long garbage
 * collection well under a second; a loop that has not turned for 2 s is stuck, and its requests are waiting.
 */
export const STALE_AFTER_MS = 2_000

/** Slots of the shared memory: the last heartbeat (process.hrtime, ns: one monotonic clock for every thread), the state. */
export const SLOT = {beat: 0, state: 1}
/** What the server is doing, in the state slot. */
export const STATE = {starting: 0n, serving: 1n, shuttingDown: 2n}

/**
 * @typedef {object} HealthProbe
 * @property {number} port where the probe listens (the one asked for, or the one given for 0)
 * @property {() => void} ready the site's port takes requests: the probe answers 200 while the heartbeat is fresh
 * @property {() => Promise<void>} drain a shutdown began (the site's port takes no new connection): 503 from now on
 * @property {() => Promise<void>} close stops the worker and the heartbeat
 * `drain` and `close` are a graceful-shutdown.mjs ShutdownStep: `closeAtShutdown(probe)` wires the probe to SIGTERM.
 */

/**
 * Starts the probe's worker listening at `host`:`port` and the heartbeat on this thread. It answers 503 `starting`
 * until `ready()`. Rejects, naming HEALTH_PORT_VARIABLE and the address, when the worker cannot listen there. Neither
 * the worker nor the heartbeat keeps the process alive.
 * @param {{port: number, host: string, staleAfterMs?: number}} options @returns {Promise<HealthProbe>}
 */
export async function startHealthProbe({port, host, staleAfterMs = STALE_AFTER_MS}) {
  const slots = new BigInt64Array(new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT))
  const beat = () => void Atomics.store(slots, SLOT.beat, process.hrtime.bigint())
  beat()
  const heartbeat = setInterval(beat, HEARTBEAT_EVERY_MS).unref()
  const worker = new Worker(new URL('./health-probe-worker.mjs', import.meta.url), {
    workerData: {slots, host, port, staleAfterMs},
    // plain ESM needs no flag; the main script's (`--import tsx`, `--input-type`, a profiler's) are not for it
    execArgv: [],
  })
  worker.unref()
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`
  let closing = false
  const close = async () => {
    closing = true
    clearInterval(heartbeat)
    await worker.terminate()
  }
  try {
    const listening = await new Promise((resolve, reject) => {
      worker.once('message', (/** @type {{port?: number, error?: string}} */ message) =>
        message.error ? reject(new Error(message.error)) : resolve(message.port),
      )
      worker.once('error', reject)
      worker.once('exit', (code) => reject(new Error(`its worker exited with code ${code}`)))
    })
    // from here, a probe that dies says so: the port a load balancer checks answers nothing any more
    worker.removeAllListeners()
    worker.on('error', (error) => console.error(`[health] the probe on ${where} (${HEALTH_PORT_VARIABLE}) failed: ${error.message}`))
    worker.on('exit', (code) => closing || console.error(`[health] the probe on ${where} (${HEALTH_PORT_VARIABLE}) stopped (code ${code})`))
    return {
      port: /** @type {number} */ (listening),
      ready: () => void Atomics.store(slots, SLOT.state, STATE.serving),
      drain: async () => void Atomics.store(slots, SLOT.state, STATE.shuttingDown),
      close,
    }
  } catch (error) {
    await close()
    throw new Error(`${HEALTH_PORT_VARIABLE}=${port}: the health probe cannot listen on ${where}: ${/** @type {Error} */ (error).message}`)
  }
}
