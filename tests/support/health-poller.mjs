// @ts-check
/**
 * For tests/unit/node/front/health-probe.test.ts: a thread apart from the test's own (which the test blocks on
 * purpose) that GETs `workerData.url` one request at a time and records each answer with when it was sent, on
 * process.hrtime's clock (one monotonic clock for every thread of the process). Posts 'polling' after its first
 * answer; at any message from the test, stops and posts its records.
 */
import http from 'node:http'
import {parentPort, workerData} from 'node:worker_threads'

/** @typedef {{sentMs: number, tookMs: number, status: number, body: string}} PollRecord */

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)
const agent = new http.Agent({keepAlive: true, maxSockets: 1})
const nowMs = () => Number(process.hrtime.bigint()) / 1e6
let stopped = false
port.once('message', () => (stopped = true))

/** @returns {Promise<PollRecord>} */
const poll = () =>
  new Promise((resolve, reject) => {
    const sentMs = nowMs()
    http
      .get(workerData.url, {agent}, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => resolve({sentMs, tookMs: nowMs() - sentMs, status: res.statusCode ?? 0, body: body.trim()}))
      })
      .on('error', reject)
  })

/** @type {PollRecord[]} */
const records = []
while (!stopped) {
  records.push(await poll())
  if (records.length === 1) port.postMessage('polling')
  // a pace, not a wait for anything: about 50 answers a second, without crowding the probe's thread off its core
  await new Promise((resolve) => setTimeout(resolve, 20))
}
agent.destroy()
port.postMessage(records)
port.close()
