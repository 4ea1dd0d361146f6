// SIGTERM on a real HTTP server stopped by lib/node/front/graceful-shutdown.mjs (as `npm start` stops), in a child
// process: what is in flight finishes, nothing new is accepted, and the process exits within the bound.
import {spawn} from 'node:child_process'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'

const CHILD = path.resolve(__dirname, '../../../support/graceful-child.ts')

/** The child server with its bound; `line(pattern)` resolves with the first line of its output that matches. */
function startChild(graceMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {...process.env, GRACE_MS: String(graceMs)},
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
function get(port: number, path: string) {
  const agent = new http.Agent({keepAlive: true})
  let firstPart!: () => void
  const started = new Promise<void>((resolve) => (firstPart = resolve))
  const done = new Promise<{body: string; complete: boolean}>((resolve) => {
    http
      .get({host: '127.0.0.1', port, path, agent}, (res) => {
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

  it('ends an open event stream at once instead of waiting the bound out for it', async () => {
    const {child, line, exited, output} = startChild(10_000)
    const port = Number((await line(/listening (\d+)/))[1])
    const events = get(port, '/events')
    await events.started
    child.kill('SIGTERM')
    expect(await events.done).toEqual({body: 'first part;', complete: true})
    expect((await exited).code).toBe(0)
    expect(output()).not.toContain('still open')
  }, 8_000)
})
