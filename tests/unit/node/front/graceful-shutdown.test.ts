// SIGTERM on a real HTTP server stopped by lib/node/front/graceful-shutdown.mjs (as `npm start` stops), in a child
// process: what is in flight finishes, nothing new is accepted, and the process exits within the bound.
import {spawn} from 'node:child_process'
import http from 'node:http'
import net from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import {createArticleDraft, lakeActions} from '../../../support/lake'
import {copyDemoDataset} from '../../../support/temp-dataset'

const CHILD = path.resolve(__dirname, '../../../support/graceful-child.ts')
const CHILD_LAKE_TOKEN = 'graceful-child-token-0123456789abcdef'

/** The child server with its bound; `line(pattern)` resolves with the first line of its output that matches. */
function startChild(graceMs: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {...process.env, GRACE_MS: String(graceMs), ...env},
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  let output = ''
  const waiting = new Set<() => void>()
  child.stdout.on('data', (chunk) => {
    output += chunk
    waiting.forEach((check) => check())
  })
  const line = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve) => {
      const check = () => {
        const match = output.match(pattern)
        if (!match) return
        waiting.delete(check)
        resolve(match)
      }
      waiting.add(check)
      check()
    })
  const exited = new Promise<{code: number | null; at: number}>((resolve) =>
    child.once('exit', (code) => resolve({code, at: performance.now()})),
  )
  return {child, line, exited, output: () => output}
}

/** A GET on a keep-alive connection; `firstPart` resolves at its first bytes, `done` with the body and how it ended. */
function get(port: number, path: string, headers: http.OutgoingHttpHeaders = {}) {
  const agent = new http.Agent({keepAlive: true})
  let firstPart!: () => void
  const started = new Promise<void>((resolve) => (firstPart = resolve))
  const done = new Promise<{body: string; complete: boolean}>((resolve) => {
    http
      .get({host: '127.0.0.1', port, path, agent, headers}, (res) => {
        let body = ''
        res.on('data', (chunk) => ((body += chunk), firstPart()))
        res.on('close', () => resolve({body, complete: res.complete}))
      })
      .on('error', () => resolve({body: '', complete: false}))
  })
  return {started, done}
}

/** What a new connection gets: connected, or the error code. */
const connect = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve('connected')))
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })

/** GET /healthz on its own connection: the status and body. */
const health = (port: number) =>
  new Promise<{status: number; body: string}>((resolve, reject) => {
    http
      .get({host: '127.0.0.1', port, path: '/healthz', agent: false}, (res) => {
        let body = ''
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => resolve({status: res.statusCode!, body}))
      })
      .on('error', reject)
  })

describe('SIGTERM on the server npm start runs', () => {
  it('finishes the response in flight, refuses new connections, then exits 0', async () => {
    const {child, line, exited, output} = startChild(10_000)
    const port = Number((await line(/listening (\d+)/))[1])
    const slow = get(port, '/slow')
    await slow.started
    child.kill('SIGTERM')
    await line(/SIGTERM: no new connections/)
    expect(await connect(port)).toBe('ECONNREFUSED')
    // the response is still open: the process waits for it
    expect(child.exitCode).toBeNull()
    child.stdin.write('finish\n')
    expect(await slow.done).toEqual({body: 'first part;last part', complete: true})
    // and the kept-alive connection it came on closes with it, not at the grace's end
    expect((await exited).code).toBe(0)
    expect(output()).not.toContain('still open')
  }, 20_000)

  it('has the health probe say 503 `shutting down` for the whole drain, and closes it with the process', async () => {
    const {child, line, exited} = startChild(10_000, {HEALTH_PROBE: '1'})
    const port = Number((await line(/listening (\d+)/))[1])
    const healthPort = Number((await line(/health (\d+)/))[1])
    expect(await health(healthPort)).toEqual({status: 200, body: 'ok\n'})
    const slow = get(port, '/slow')
    await slow.started
    child.kill('SIGTERM')
    await line(/SIGTERM: no new connections/)
    // while the site's port refuses new connections, a load balancer's check is told why, not left to time out
    expect(await connect(port)).toBe('ECONNREFUSED')
    expect(await health(healthPort)).toEqual({status: 503, body: 'shutting down\n'})
    child.stdin.write('finish\n')
    expect((await slow.done).complete).toBe(true)
    expect((await exited).code).toBe(0)
    expect(await connect(healthPort)).toBe('ECONNREFUSED')
  }, 20_000)

  it('cuts a response still open after the bound, says so, and exits', async () => {
    const graceMs = 300
    const {child, line, exited, output} = startChild(graceMs)
    const port = Number((await line(/listening (\d+)/))[1])
    const hung = get(port, '/hang')
    await hung.started
    const signalled = performance.now()
    child.kill('SIGTERM')
    const {code, at} = await exited
    expect(code).toBe(0)
    expect(await hung.done).toEqual({body: 'first part;', complete: false})
    expect(output()).toContain(`responses still open after ${graceMs} ms: closing them`)
    // it waited the bound out before cutting (a timer: never sooner)
    expect(at - signalled).toBeGreaterThanOrEqual(graceMs)
  })

  // its type set with setHeader (as Next sets it), or given to writeHead itself (as the lake's openSse gives it)
  it.each(['/events', '/events-head'])(
    'ends an open event stream (%s) at once instead of waiting the bound out for it',
    async (path) => {
      const {child, line, exited, output} = startChild(10_000)
      const port = Number((await line(/listening (\d+)/))[1])
      const events = get(port, path)
      await events.started
      child.kill('SIGTERM')
      expect(await events.done).toEqual({body: 'first part;', complete: true})
      expect((await exited).code).toBe(0)
      expect(output()).not.toContain('still open')
    },
    8_000,
  )

  it('lets a plain response asked for with `Accept: text/event-stream` finish whole: the server’s answer decides', async () => {
    const {child, line, exited} = startChild(10_000)
    const port = Number((await line(/listening (\d+)/))[1])
    const page = get(port, '/slow', {accept: 'text/event-stream'})
    await page.started
    child.kill('SIGTERM')
    await line(/SIGTERM: no new connections/)
    child.stdin.write('finish\n')
    expect(await page.done).toEqual({body: 'first part;last part', complete: true})
    expect((await exited).code).toBe(0)
  }, 20_000)

  it('drains the local Content Lake within the same bound, writes its saves to the dataset and closes its store', async () => {
    const dataset = copyDemoDataset()
    try {
      const {child, line, exited, output} = startChild(10_000, {LAKE_DATASET: dataset.file, LAKE_TOKEN: CHILD_LAKE_TOKEN})
      await line(/listening (\d+)/)
      const lakePort = Number((await line(/lake (\d+)/))[1])
      // a save the dataset file does not hold yet (the child compacts only at shutdown)
      const id = `shutdown-${Date.now().toString(36)}`
      await lakeActions(`http://127.0.0.1:${lakePort}`, CHILD_LAKE_TOKEN)([createArticleDraft(id, `Saved before ${id}`)])
      expect(fs.readFileSync(dataset.file, 'utf8')).not.toContain(id)
      // the Studio's listener, open on the lake
      const listener = get(lakePort, '/v2025-02-19/data/listen/production?query=*%5B_type%3D%3D%22article%22%5D', {
        authorization: `Bearer ${CHILD_LAKE_TOKEN}`,
        accept: 'text/event-stream',
      })
      await listener.started
      child.kill('SIGTERM')
      // ended by the lake, as HTTP ends a response, not cut at exit
      expect((await listener.done).complete).toBe(true)
      expect((await exited).code).toBe(0)
      expect(output()).toMatch(/\[lake\] closed, every request finished; every save is in /)
      expect(fs.readFileSync(dataset.file, 'utf8')).toContain(`"drafts.${id}"`)
      // once, after the drain and before the store closes: not also at the signal, nor at exit after the lock is gone
      expect(output().match(/\[test\] compacting/g)).toHaveLength(1)
      expect(output().indexOf('[test] compacting')).toBeGreaterThan(output().indexOf('SIGTERM: no new connections'))
      expect(await connect(lakePort)).toBe('ECONNREFUSED')
    } finally {
      dataset.remove()
    }
  }, 20_000)
})
