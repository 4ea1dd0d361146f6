import http from 'node:http'
import {LOCAL_USER} from './account'
import type {Lake, LakeOptions} from './context'
import {admit, sendError} from './http'
import {ListenerHub} from './listen'
import {closeSharedStreams} from './listen-route'
import {presenceServer} from './presence'
import {dispatch} from './routes'

export type {LakeOptions}

/**
 * A local Content Lake: the part of Sanity's HTTP API that Studio 5.31 and @sanity/client use, served
 * from the embedded store, so the site and the Studio read and write one dataset. Listens on loopback
 * only (the caller binds it) and refuses requests without the token. What it serves is in routes.ts.
 */
export type LakeServer = http.Server & {
  /** Ends what never ends by itself (event streams, presence sockets), so that closing the server can finish: at shutdown. */
  endLongLived(): void
}

export function createLakeServer(options: LakeOptions): LakeServer {
  const {store} = options
  const lake: Lake = {options, store, hub: new ListenerHub(LOCAL_USER.id), streams: new Map(), keyValues: new Map()}
  const unsubscribeStore = store.onChange((change) => lake.hub.publish(change))
  const server = http.createServer((req, res) => {
    const r = admit(req, res)
    if (r) dispatch(lake, r).catch((error) => sendError(res, r.cors, error))
  })
  const presence = presenceServer(options.dataset, LOCAL_USER.id)
  server.on('upgrade', presence.upgrade)
  const endLongLived = () => {
    closeSharedStreams(lake)
    presence.close()
  }
  server.on('close', () => {
    unsubscribeStore()
    endLongLived()
  })
  return Object.assign(server, {endLongLived})
}
