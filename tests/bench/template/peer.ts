// Starts the peer for a benchmark: its stand-in lake and image CDN, then `next start` on its build.
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {DEMO_IMAGES} from '../../support/demo'
import {freePort} from '../../support/production-server'
import {startPeerCdn} from './cdn'
import {PEER_CDN_PORT, PEER_DATASET, PEER_FRONTEND, PEER_LAKE_PORT, PEER_POST_PATH, peerEnv} from './config'
import {startPeerLake} from './lake'

export type RunningPeer = {url: string; homePath: string; postPath: string; pid: number; stop: () => Promise<void>}

/** Why the peer cannot run here, or undefined when its build is there. */
export function peerMissing(): string | undefined {
  if (process.env.BENCH_SKIP_PEER === '1') return 'BENCH_SKIP_PEER=1'
  if (!fs.existsSync(path.join(PEER_FRONTEND, '.next/BUILD_ID')) || !fs.existsSync(PEER_DATASET))
    return `no peer build at ${PEER_FRONTEND}: run \`npm run bench:peer-setup\` (needs the template's source, see tests/bench/template/config.ts)`
  return undefined
}

export async function startPeer(): Promise<RunningPeer> {
  const lake = await startPeerLake(PEER_DATASET, PEER_LAKE_PORT)
  const cdn = await startPeerCdn(DEMO_IMAGES, PEER_CDN_PORT)
  const port = await freePort()
  const next = path.join(PEER_FRONTEND, 'node_modules/next/dist/bin/next')
  const child = spawn(process.execPath, [next, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: PEER_FRONTEND,
    env: peerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null) await new Promise<void>((resolve) => child.once('exit', () => resolve()).kill('SIGTERM'))
    await lake.close()
    await cdn.close()
  }
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`the peer's next start exited early:\n${output}`)
    }
    try {
      const response = await fetch(url + PEER_POST_PATH)
      if (response.ok) break
      throw new Error(`the peer answered ${response.status} for ${PEER_POST_PATH}`)
    } catch (error) {
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`the peer did not serve ${PEER_POST_PATH} within 60 s (${error}):\n${output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  return {url, homePath: '/', postPath: PEER_POST_PATH, pid: child.pid!, stop}
}
