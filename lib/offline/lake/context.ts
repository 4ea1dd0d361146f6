// What every route of the local Content Lake works on: the lake's options and the state it keeps.
import type {EmbeddedStore} from '../store/store'
import type {LakeRequest, Sse} from './http'
import type {ListenerHub} from './listen'

export type LakeOptions = {
  store: EmbeddedStore
  projectId: string
  dataset: string
  /** Every request but CORS preflights and image reads must carry it as a Bearer token. */
  token: string
  assetsDir: string
}

/** A shared stream (/broadsheet/listen): one SSE response carrying the events of many subscriptions. */
export type SharedStream = {sse: Sse; subscriptions: Map<string, () => void>}

/** One lake server's state; it lives as long as the server. */
export type Lake = {
  options: LakeOptions
  store: EmbeddedStore
  hub: ListenerHub
  streams: Map<string, SharedStream>
  /** The Studio's per-user settings (/users/me/keyvalue), kept in memory. */
  keyValues: Map<string, unknown>
}

/** What a route's handler gets: the lake, the request, the path's `:name` segments and what its `*` matched. */
export type RouteCall = {lake: Lake; r: LakeRequest; params: Record<string, string>; rest: string[]}
