// The health probe `npm start` runs on BROADSHEET_HEALTH_PORT (lib/node/front/health-probe.mjs): a real worker thread,
// a real heartbeat from this thread, real HTTP. The point of it is what happens while this thread cannot answer
// anything, so the test blocks its own thread for 3 s and asks the probe from another one (tests/support/health-poller.mjs).
import {spawn} from 'node:child_process'
import http from 'node:http'
import net, {type AddressInfo} from 'node:net'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {Worker} from 'node:worker_threads'
import {HEALTH_PORT_VARIABLE, STALE_AFTER_MS, startHealthProbe, type HealthProbe} from '@/lib/node/front/health-probe.mjs'

const POLLER = path.resolve(__dirname, '../../../support/health-poller.mjs')
const PROBE_MODULE = path.resolve(__dirname, '../../../../lib/node/front/health-probe.mjs')
type PollRecord = {sentMs: number; tookMs: number; status: number; body: string}

/** One request on a connection of its own: its status, headers and body (or the connection error's code). */
const ask = (port: number, {method = 'GET', path = '/healthz'} = {}) =>
  new Promise<{status: number; body: string; headers: http.IncomingHttpHeaders} | string>((resolve) => {
    http
      .request({host: '127.0.0.1', port, method, path, agent: false}, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => resolve({status: res.statusCode!, body, headers: res.headers}))
      })
      .on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
      .end()
  })

const nowMs = () => Number(process.hrtime.bigint()) / 1e6

describe('the health probe', () => {
  let probe: HealthProbe | undefined
  afterEach(async () => {
    await probe?.close()
    probe = undefined
  })

  it('says 503 `starting` until the site listens, then 200 `ok`; HEAD alike; nothing else on its port', async () => {
    probe = await startHealthProbe({port: 0, host: '127.0.0.1'})
    expect(await ask(probe.port)).toMatchObject({status: 503, body: 'starting\n'})
    probe.ready()
    expect(await ask(probe.port)).toEqual({
      status: 200,
      body: 'ok\n',
      headers: expect.objectContaining({'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': '3'}),
    })
    expect(await ask(probe.port, {path: '/healthz?from=lb'})).toMatchObject({status: 200, body: 'ok\n'})
    expect(await ask(probe.port, {method: 'HEAD'})).toMatchObject({
      status: 200,
      body: '',
      headers: expect.objectContaining({'content-length': '3'}),
    })
    expect(await ask(probe.port, {path: '/'})).toMatchObject({status: 404})
    expect(await ask(probe.port, {path: '/healthz/x'})).toMatchObject({status: 404})
    expect(await ask(probe.port, {method: 'POST'})).toMatchObject({status: 405, headers: expect.objectContaining({allow: 'GET, HEAD'})})
  })

  it('answers while this thread is blocked, says 503 naming the block once it passes the bound, and 200 once the loop turns', async () => {
    probe = await startHealthProbe({port: 0, host: '127.0.0.1'})
    probe.ready()
    const poller = new Worker(POLLER, {workerData: {url: `http://127.0.0.1:${probe.port}/healthz`}})
    const failed = new Promise<never>((_, reject) => poller.once('error', reject))
    failed.catch(() => {})
    const next = () => Promise.race([new Promise<unknown>((resolve) => poller.once('message', resolve)), failed])
    try {
      expect(await next()).toBe('polling')
      // blocked as a stuck render would block it: no timer, no I/O, no heartbeat on this thread for 3 s. The last beat
      // is now (a heartbeat timer starved by a loaded machine may be late)
      probe.beat()
      const blockedAt = nowMs()
      while (nowMs() - blockedAt < STALE_AFTER_MS + 1_000);
      const freedAt = nowMs()
      poller.postMessage('stop')
      const records = (await next()) as PollRecord[]
      const sent = records.filter((record) => record.sentMs >= blockedAt && record.sentMs < freedAt)
      // only an answer back before the block ended was surely made during it: one sent just before the end may be
      // answered after this thread's overdue heartbeat has run, and rightly say `ok`
      const during = sent.filter((record) => record.sentMs + record.tookMs < freedAt)
      // the poller asks one at a time: only the one in flight as the block ended is left out
      expect(sent.length - during.length).toBeLessThanOrEqual(1)
      const early = during.filter((record) => record.sentMs < blockedAt + 1_000)
      // no beat arrives during the block, so from STALE_AFTER_MS into it every answer is a 503
      const late = during.filter((record) => record.sentMs >= blockedAt + STALE_AFTER_MS)
      expect({early: early.length > 0, late: late.length > 0}).toEqual({early: true, late: true})
      // each answered at once, though this thread answered nothing for 3 s (1 s: generous for a loaded machine)
      expect(sent.filter((record) => record.tookMs > 1_000)).toEqual([])
      // a block under the bound is no failure
      expect(early.map((record) => record.body)).toEqual(early.map(() => 'ok'))
      for (const {status, body, sentMs, tookMs} of late) {
        expect({status, body}).toEqual({status: 503, body: expect.stringMatching(/^event loop blocked for \d+ ms$/)})
        const blockedMs = Number(/(\d+) ms/.exec(body)![1])
        // how long since the last beat: the bound at least, and no more than the block so far plus a late last beat
        expect(blockedMs).toBeGreaterThanOrEqual(STALE_AFTER_MS)
        expect(blockedMs).toBeLessThanOrEqual(sentMs + tookMs - blockedAt + 1_000)
      }
    } finally {
      await poller.terminate()
    }
    // the loop turns again: the next beat is due at once, and the probe says so
    let answer = await ask(probe.port)
    for (const deadline = nowMs() + 5_000; typeof answer !== 'string' && answer.status !== 200 && nowMs() < deadline;)
      answer = await ask(probe.port)
    expect(answer).toMatchObject({status: 200, body: 'ok\n'})
  }, 20_000)

  it('says 503 `shutting down` once drained, however fresh the beat, and refuses connections once closed', async () => {
    probe = await startHealthProbe({port: 0, host: '127.0.0.1'})
    probe.ready()
    await probe.drain()
    expect(await ask(probe.port)).toMatchObject({status: 503, body: 'shutting down\n'})
    const {port} = probe
    await probe.close()
    expect(await ask(port)).toBe('ECONNREFUSED')
  })

  it("keeps the drain's 503 when the site's listen callback comes after a SIGTERM", async () => {
    probe = await startHealthProbe({port: 0, host: '127.0.0.1'})
    await probe.drain()
    probe.ready()
    expect(await ask(probe.port)).toMatchObject({status: 503, body: 'shutting down\n'})
  })

  it('starts a probe thread that died again, on the same port, and says so in the log', async () => {
    const logged: string[] = []
    const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void logged.push(line))
    try {
      probe = await startHealthProbe({port: 0, host: '127.0.0.1', restartFirstMs: 50})
      probe.ready()
      expect(await ask(probe.port)).toMatchObject({status: 200})
      await probe.worker().terminate()
      let answer = await ask(probe.port)
      for (const deadline = nowMs() + 5_000; (typeof answer === 'string' || answer.status !== 200) && nowMs() < deadline;)
        answer = await ask(probe.port)
      expect(answer).toMatchObject({status: 200, body: 'ok\n'})
      const where = `127.0.0.1:${probe.port} (${HEALTH_PORT_VARIABLE})`
      expect(logged).toEqual([
        `[health] the probe on ${where} stopped (code 1)`,
        `[health] the probe on ${where} starting again in 50 ms`,
        `[health] the probe on ${where} answers again`,
      ])
    } finally {
      error.mockRestore()
    }
  })

  it('refuses to start on an address already taken, naming the variable and the address', async () => {
    const taken = net.createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const {port} = taken.address() as AddressInfo
    try {
      await expect(startHealthProbe({port, host: '127.0.0.1'})).rejects.toThrow(
        `${HEALTH_PORT_VARIABLE}=${port}: the health probe cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`,
      )
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  })

  it('keeps no process alive: one with only a probe running ends by itself', async () => {
    const script = `const {startHealthProbe} = await import(${JSON.stringify(pathToFileURL(PROBE_MODULE).href)})
const probe = await startHealthProbe({port: 0, host: '127.0.0.1'})
probe.ready()
console.log('listening', probe.port)`
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {stdio: ['ignore', 'pipe', 'inherit']})
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    // a bound, not a wait: a probe that held the process would leave it running for good
    const held = setTimeout(() => child.kill(), 8_000)
    const code = await new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)))
    clearTimeout(held)
    expect({code, output}).toEqual({code: 0, output: expect.stringMatching(/^listening \d+\n$/)})
  }, 10_000)
})
