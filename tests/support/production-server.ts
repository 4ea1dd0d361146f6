import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next')
/** What `npm start` runs: Next's server with the scripts taken out of reader pages. */
const START_ENTRY = path.join(ROOT, 'lib/node/cli/start.mjs')
export const E2E_PREVIEW_SECRET = 'e2e-preview-secret-0123456789abcdef'

export const serverEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  NODE_ENV: 'production',
  SANITY_PREVIEW_SECRET: E2E_PREVIEW_SECRET,
  ...extra,
})

/**
 * `next build`, unless E2E_REUSE_BUILD=1 and a build is already there: `npm test` builds once as a step of its own,
 * and `npm run e2e -- <file>` runs a file on the build you have.
 */
export function buildForProduction(): void {
  const built = path.join(ROOT, '.next/BUILD_ID')
  if (process.env.E2E_REUSE_BUILD === '1' && fs.existsSync(built)) {
    console.log(`[e2e] reusing the production build in .next/ (E2E_REUSE_BUILD=1), made ${fs.statSync(built).mtime.toISOString()}`)
    return
  }
  console.log('[e2e] next build …')
  const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], {cwd: ROOT, env: serverEnv(), stdio: 'inherit'})
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`)
}

/** Ports this process has handed out: one is free until its taker binds it, and must not be handed out twice. */
const handedOut = new Set<number>()
/**
 * Each Jest worker draws ports from a block of its own, so two workers never hand out the same one; the blocks lie
 * below Linux's ephemeral range (32768 up), which the kernel draws from for outgoing connections and `listen(0)`.
 */
const BLOCK = {first: 12_000, size: 4_000}
const worker = Math.max(1, Number(process.env.JEST_WORKER_ID ?? 1))
// five blocks fit below 32768
const block = BLOCK.first + ((worker - 1) % 5) * BLOCK.size

/** Whether this process could listen on `port` just now: nothing else holds it. */
const canListenOn = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })

/** A loopback port nothing listens on, never the same one twice in one test run. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 1000; tries++) {
    const port = block + Math.floor(Math.random() * BLOCK.size)
    if (handedOut.has(port) || !(await canListenOn(port))) continue
    handedOut.add(port)
    return port
  }
  throw new Error(`no free port in ${block}–${block + BLOCK.size - 1} after 1000 tries`)
}

export type RunningServer = {url: string; process: ChildProcess; output: () => string; stop: () => Promise<void>}

/**
 * The production server on a free port, started as `npm start` starts it (or as a plain `next start`, the host
 * without our front, with `plain`); resolves once it answers HTTP.
 */
export async function startProductionServer(
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
  {plain = false, hostnameFromEnv}: {plain?: boolean; hostnameFromEnv?: string} = {},
): Promise<RunningServer> {
  const port = await freePort()
  // a private copy of the build: pages this server regenerates (ISR) must not leak into the next one
  const distDir = `.next-test-${port}`
  fs.cpSync(path.join(ROOT, '.next'), path.join(ROOT, distDir), {
    recursive: true,
    filter: (source) => !/[/\\]\.next[/\\](cache|dev|turbopack|trace|trace-build|diagnostics)$/.test(source),
  })
  extraEnv = {...extraEnv, BROADSHEET_DIST_DIR: distDir}
  const command = plain ? [NEXT_BIN, 'start'] : [START_ENTRY]
  // as a container starts it: no -H, and HOSTNAME set to an address that is not 127.0.0.1
  const host = hostnameFromEnv ? ['HOSTNAME', hostnameFromEnv] : undefined
  const child = spawn(process.execPath, [...nodeArgs, ...command, '-p', String(port), ...(host ? [] : ['-H', '127.0.0.1'])], {
    cwd: ROOT,
    env: serverEnv(host ? {...extraEnv, [host[0]]: host[1]} : extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const url = `http://${hostnameFromEnv ?? '127.0.0.1'}:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output}`)
    try {
      await fetch(`${url}/`, {redirect: 'manual'})
      break
    } catch {
      if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  return {
    url,
    process: child,
    output: () => output,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
      fs.rmSync(path.join(ROOT, distDir), {recursive: true, force: true})
    },
  }
}
