// @ts-check
/**
 * The health probe `npm start` runs when BROADSHEET_HEALTH_PORT is set: `GET /healthz` answered by a worker thread on
 * a port of its own, so a load balancer's check never queues behind page renders on the main event loop (issue 21).
 * It still tells the truth about that loop: the main thread writes a heartbeat into shared memory every
 * HEARTBEAT_EVERY_MS, and the worker says 503 once the last beat is STALE_AFTER_MS old. Node 20 has no
 * `reusePort`, so the probe cannot share the site's port. The worker's side is health-probe-worker.mjs.
 */
import {Worker} from 'node:worker_threads'
import {urlHost} from './front-server.mjs'

/** The variable that turns the probe on; every message about the probe names it. */
export const HEALTH_PORT_VARIABLE = 'BROADSHEET_HEALTH_PORT'
/** How often the main thread says it is alive: cheap (one atomic store), and well inside STALE_AFTER_MS. */
export const HEARTBEAT_EVERY_MS = 100
/**
 * How long the main loop may go without a beat before the probe says 503. A render takes ~50 ms and a long garbage
 * collection well under a second; a loop that has not turned for 2 s is stuck, and its requests are waiting.
 */
export const STALE_AFTER_MS = 2_000
/** A probe thread that dies is started again after this, doubling up to RESTART_MAX_MS while it keeps failing. */
export const RESTART_FIRST_MS = 500
const RESTART_MAX_MS = 30_000

/** Slots of the shared memory: the last heartbeat (process.hrtime, ns: one monotonic clock for every thread), the state. */
export const SLOT = {beat: 0, state: 1}
/** What the server is doing, in the state slot. */
export const STATE = {starting: 0n, serving: 1n, shuttingDown: 2n}

/**
 * @typedef {object} HealthProbe
 * @property {number} port where the probe listens (the one asked for, or the one given for 0)
 * @property {() => void} ready the site's port takes requests: 200 while the heartbeat is fresh (never after `drain`)
 * @property {() => void} beat says the main loop turned now (the heartbeat calls it every HEARTBEAT_EVERY_MS)
 * @property {() => Promise<void>} drain a shutdown began (the site's port takes no new connection): 503 from now on
 * @property {() => Promise<void>} close stops the worker and the heartbeat
 * @property {() => Worker} worker the thread answering now (another after a restart): for tests and diagnostics
 * `drain` and `close` are a graceful-shutdown.mjs ShutdownStep: `closeAtShutdown(probe)` wires the probe to SIGTERM.
 */

/**
 * Starts the probe's worker listening at `host`:`port` and the heartbeat on this thread. It answers 503 `starting`
 * until `ready()`. Rejects, naming HEALTH_PORT_VARIABLE and the address, when the worker cannot listen there. A
 * worker that dies later is logged and started again (with backoff), so the probe never stays dark while the site
 * serves. Neither the worker nor the heartbeat keeps the process alive.
 * @param {{port: number, host: string, staleAfterMs?: number, restartFirstMs?: number}} options @returns {Promise<HealthProbe>}
 */
export async function startHealthProbe({port, host, staleAfterMs = STALE_AFTER_MS, restartFirstMs = RESTART_FIRST_MS}) {
  const slots = new BigInt64Array(new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT))
  const beat = () => void Atomics.store(slots, SLOT.beat, process.hrtime.bigint())
  beat()
  const heartbeat = setInterval(beat, HEARTBEAT_EVERY_MS).unref()
  // the port asked for, then the one it listens on (a port 0 asks for any)
  let listening = port
  const where = () => `${urlHost(host)}:${listening}`
  const say = (/** @type {string} */ what) => console.error(`[health] the probe on ${where()} (${HEALTH_PORT_VARIABLE}) ${what}`)
  /** @type {Worker | undefined} */
  let worker
  let closing = false
  /** @type {NodeJS.Timeout | undefined} */
  let restart
  let restartMs = restartFirstMs
  // only a probe that once listened is started again; one that never did is start-up's error
  let listened = false

  /** A worker listening on `listenPort`: resolves with the port once it listens, rejects with why it cannot. */
  const spawn = (/** @type {number} */ listenPort) => {
    worker = new Worker(new URL('./health-probe-worker.mjs', import.meta.url), {
      workerData: {slots, host, port: listenPort, staleAfterMs},
      // plain ESM needs no flag; the main script's (`--import tsx`, `--input-type`, a profiler's) are not for it
      execArgv: [],
    })
    const current = worker
    /** @type {number | undefined} */
    let listenedAt
    const started = new Promise((resolve, reject) => {
      current.on('message', (/** @type {{port?: number, error?: string, log?: string}} */ message) => {
        if (message.log) say(`has an error (it goes on listening): ${message.log}`)
        else if (message.error) reject(new Error(message.error))
        else {
          listenedAt = performance.now()
          resolve(message.port)
        }
      })
      current.on('error', (error) => (reject(error), listened && say(`failed: ${error.message}`)))
      current.on('exit', (code) => {
        reject(new Error(`its worker exited with code ${code}`))
        if (closing || !listened || current !== worker) return
        // a worker that ran a good while before it died starts a fresh backoff; one that dies at once doubles it
        if (listenedAt !== undefined && performance.now() - listenedAt > RESTART_MAX_MS) restartMs = restartFirstMs
        say(`stopped (code ${code})`)
        restartLater()
      })
    })
    // held until it listens (the start-up awaits it), then never holding the process: unref'd once settled, as a
    // 'message' listener refs a worker again
    const unref = () => void current.unref()
    started.then(unref, unref)
    return started
  }

  /** Dark, a probe would take a healthy server out of its load balancer's rotation: start it again, with backoff. */
  const restartLater = () => {
    say(`starting again in ${restartMs} ms`)
    restart = setTimeout(() => {
      if (closing) return
      try {
        spawn(listening).then(
          () => say('answers again'),
          (error) => closing || say(`cannot listen again: ${error.message}`),
        )
      } catch (error) {
        // no thread to be had (a pids limit): the exit handler that retries belongs to a worker, so retry here
        say(`cannot start its thread: ${/** @type {Error} */ (error).message}`)
        restartLater()
      }
    }, restartMs).unref()
    restartMs = Math.min(restartMs * 2, RESTART_MAX_MS)
  }

  const close = async () => {
    closing = true
    clearInterval(heartbeat)
    clearTimeout(restart)
    await worker?.terminate()
  }
  try {
    listening = /** @type {number} */ (await spawn(port))
    listened = true
  } catch (error) {
    await close()
    throw new Error(
      `${HEALTH_PORT_VARIABLE}=${port}: the health probe cannot listen on ${where()}: ${/** @type {Error} */ (error).message}`,
    )
  }
  return {
    port: listening,
    // a SIGTERM may come between the site's listen and its callback: the drain's 503 stays
    ready: () => void Atomics.compareExchange(slots, SLOT.state, STATE.starting, STATE.serving),
    beat,
    drain: async () => void Atomics.store(slots, SLOT.state, STATE.shuttingDown),
    close,
    worker: () => /** @type {Worker} */ (worker),
  }
}
