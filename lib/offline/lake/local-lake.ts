import {randomBytes} from 'node:crypto'
import fs from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import {createClient, type SanityClient} from '@sanity/client'
import {embeddedStore, embeddedStoreCompaction} from '../store/instance'
import {env} from '../../site/env'
import {assetsDirectory} from '../media'
import {createLakeServer} from './server'
import {closeLakeAtShutdown} from './shutdown'
import {LOCAL_PROJECT_ID, type LakeSession} from './session'

export type {LakeSession}

const key = Symbol.for('broadsheet.localLake')
type Holder = {[key]?: {server: http.Server; session: LakeSession}}

/** The lake's token: BROADSHEET_LAKE_TOKEN, or one generated on first run into .broadsheet/ (kept out of git). */
export function lakeToken(root = process.cwd()): string {
  if (env.localLake.token) return env.localLake.token
  const file = path.join(root, '.broadsheet/lake-token')
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), {recursive: true})
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), {mode: 0o600, flag: 'wx'})
  }
  return fs.readFileSync(file, 'utf8').trim()
}

/**
 * Starts the local Content Lake beside the site, on loopback only, over the site's own embedded store.
 * Runs once per server process; a busy port is reported and leaves the site running.
 */
export function startLocalLake(): void {
  const holder = globalThis as Holder
  if (!env.localLake.enabled || holder[key]) return
  const {port} = env.localLake
  const session: LakeSession = {
    apiHost: `http://127.0.0.1:${port}`,
    token: lakeToken(/*turbopackIgnore: true*/ process.cwd()),
    projectId: LOCAL_PROJECT_ID,
    dataset: env.dataset,
  }
  const store = embeddedStore()
  const server = createLakeServer({
    store,
    projectId: session.projectId,
    dataset: session.dataset,
    token: session.token,
    assetsDir: assetsDirectory(),
  })
  holder[key] = {server, session}
  // npm start's SIGTERM drains the lake with the site and writes the dataset before it exits
  closeLakeAtShutdown(server, store, embeddedStoreCompaction())
  server.on('error', (error: NodeJS.ErrnoException) => {
    delete holder[key]
    console.error(
      error.code === 'EADDRINUSE'
        ? `[lake] port ${port} is in use, so the Studio cannot edit: stop the other server or set BROADSHEET_LAKE_PORT`
        : `[lake] the local Content Lake stopped: ${error.message}`,
    )
  })
  server.listen(port, '127.0.0.1', () => {
    console.log(`[lake] local Content Lake on ${session.apiHost}, writing ${env.datasetFile}`)
  })
}

/** What the Studio needs to reach the lake; null when the lake is off. */
export function lakeSession(): LakeSession | null {
  return (globalThis as Holder)[key]?.session ?? null
}

/** A @sanity/client on the local lake: the hosted code path, pointed at loopback. */
export function lakeClient(session: LakeSession): SanityClient {
  return createClient({
    apiHost: session.apiHost,
    useProjectHostname: false,
    projectId: session.projectId,
    dataset: session.dataset,
    apiVersion: env.apiVersion,
    token: session.token,
    useCdn: false,
  })
}
