// Our production server as readers get it: `npm start` (whatever layer package.json puts in front of Next), and
// plain `next start` on the same build, so a bench can measure that layer's cost in the same run.
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {freePort, serverEnv, startProductionServer, type RunningServer} from '../support/production-server'

const ROOT = path.resolve(__dirname, '../..')

/** True when `npm start` is more than `next start`: a layer in front of Next worth measuring. */
export function startIsWrapped(): boolean {
  const start = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts?.start ?? ''
  return !/^next start\b/.test(start.trim())
}

/** `npm start` on a private copy of the build (PORT and BROADSHEET_DIST_DIR in the environment). */
export async function startNpmStart(): Promise<RunningServer> {
  if (!startIsWrapped()) return startProductionServer()
  const port = await freePort()
  const distDir = `.next-test-${port}`
  fs.cpSync(path.join(ROOT, '.next'), path.join(ROOT, distDir), {
    recursive: true,
    filter: (source) => !/[/\\]\.next[/\\](cache|dev|turbopack|trace|trace-build|diagnostics)$/.test(source),
  })
  // detached: npm start runs a process tree, stopped as a group
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: serverEnv({PORT: String(port), HOSTNAME: '127.0.0.1', BROADSHEET_DIST_DIR: distDir}),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      process.kill(-child.pid!, 'SIGTERM')
      await exited
    }
    fs.rmSync(path.join(ROOT, distDir), {recursive: true, force: true})
  }
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`)
    try {
      await fetch(`${url}/`, {redirect: 'manual'})
      break
    } catch {
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`npm start did not answer on PORT=${port} within 60 s:\n${output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  return {url, process: child, output: () => output, stop}
}
