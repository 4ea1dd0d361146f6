// What the local Content Lake serves: one table of method + path → handler, and the dispatcher over it.
import {
  acl,
  claimDescriptor,
  currentUser,
  datasets,
  dropTelemetry,
  keyValue,
  noHelp,
  noJourney,
  noneOf,
  noTelemetry,
  ping,
  project,
  synchronizeDescriptor,
  users,
} from './account'
import type {Lake, RouteCall} from './context'
import {actions, documents, image, mutate, query, upload} from './data'
import {hasToken, type LakeRequest} from './http'
import {historyDocuments, historyEvents, historyTransactions} from './history/routes'
import {controlSharedStream, listen, openSharedStream, sharedStreams} from './listen-route'
import {checkCors, liveEvents} from './live'
import {LakeError} from './transaction'

type Route = {
  /** An HTTP method, a list of them, or '*' for any. */
  method: string | string[]
  /** Segments after the API version: literal, `:name` (one segment, into params) or `*` (any number, into rest). */
  path: string
  handle: (call: RouteCall) => unknown
  /** Served without the token. */
  public?: boolean
}

/** The 404 for a path no route serves; as a route, it answers the rest of a dataset's paths once the dataset is checked. */
const notServed = ({r}: RouteCall): never => {
  throw new LakeError(404, `The local Content Lake does not serve ${r.req.method ?? 'GET'} ${r.path}`, 'notFoundError')
}

/** First match wins. A `:dataset` segment must name the dataset this lake serves, or the answer is 404. */
const ROUTES: Route[] = [
  // public: an <img> cannot send a token, and the Studio checks the protocol before it has one
  {method: 'GET', path: '/images/:project/:folder/:file', handle: image, public: true},
  {method: 'GET', path: '/*/ping', handle: ping, public: true},
  // the Studio's latency report reads the shard header of a bare fetch, with no token
  {method: 'GET', path: '/data/ping/:dataset', handle: ping, public: true},
  // the Studio's usage events go out as a beacon on page hide, which cannot carry the token
  {method: 'POST', path: '/intake/batch', handle: dropTelemetry, public: true},
  // the Presentation tool's Live Content API: an EventSource cannot send a token (live.ts checks it for drafts)
  {method: 'GET', path: '/data/live/events/:dataset', handle: liveEvents, public: true},
  {method: 'GET', path: '/check/cors', handle: checkCors, public: true},

  // the user, project and dataset the Studio asks about at start
  {method: 'GET', path: '/users/me', handle: currentUser},
  {method: '*', path: '/users/me/keyvalue/*', handle: keyValue},
  {method: 'GET', path: '/users/:ids', handle: users},
  {method: 'GET', path: '/features/*', handle: noneOf},
  {method: 'GET', path: '/projects/:project/features/*', handle: noneOf},
  {method: 'GET', path: '/projects/:project', handle: project},
  {method: 'GET', path: '/projects/:project/user-applications/*', handle: noneOf},
  {method: 'GET', path: '/projects/:project/datasets', handle: datasets},
  {method: 'GET', path: '/projects/:project/datasets/:dataset/acl/*', handle: acl},

  // what the hosted API answers a project with nothing to say: help, offers, schema descriptors
  {method: 'GET', path: '/help', handle: noHelp},
  {method: 'GET', path: '/journey/*', handle: noJourney},
  {method: 'POST', path: '/descriptors/claim', handle: claimDescriptor},
  {method: 'POST', path: '/descriptors/synchronize', handle: synchronizeDescriptor},
  {method: 'GET', path: '/intake/telemetry-status', handle: noTelemetry},

  // one dataset's data API
  {method: 'GET', path: '/data/doc/:dataset/*', handle: documents},
  {method: ['GET', 'POST'], path: '/data/query/:dataset/*', handle: query},
  {method: 'POST', path: '/data/actions/:dataset/*', handle: actions},
  {method: 'POST', path: '/data/mutate/:dataset/*', handle: mutate},
  {method: 'GET', path: '/data/listen/:dataset/*', handle: listen},
  // the history panel, from the transaction log
  {method: 'GET', path: '/data/history/:dataset/events/documents/:ids', handle: historyEvents},
  {method: 'GET', path: '/data/history/:dataset/transactions/:ids', handle: historyTransactions},
  {method: 'GET', path: '/data/history/:dataset/documents/:ids', handle: historyDocuments},
  {method: '*', path: '/data/:endpoint/:dataset/*', handle: notServed},

  // shared listener streams: one connection, many subscriptions
  {method: 'GET', path: '/broadsheet/listen/:dataset', handle: openSharedStream},
  {method: 'POST', path: '/broadsheet/listen/:dataset/:stream', handle: controlSharedStream},
  {method: 'GET', path: '/broadsheet/streams/:dataset', handle: sharedStreams},
  {method: '*', path: '/broadsheet/listen/:dataset/*', handle: notServed},

  {method: 'POST', path: '/assets/images/:dataset/*', handle: upload},
]

const compiled = ROUTES.map((route) => ({route, segments: route.path.split('/').filter(Boolean)}))

/** Finds the request's route, checks its token and dataset, and runs it. */
export async function dispatch(lake: Lake, r: LakeRequest): Promise<void> {
  let parts: string[]
  try {
    parts = r.path.split('/').filter(Boolean).map(decodeURIComponent)
  } catch {
    throw new LakeError(400, 'Malformed URL')
  }
  const method = r.req.method ?? 'GET'
  const found = findRoute(method, parts)
  if (!found?.route.public && !hasToken(r.req, lake.options.token)) {
    throw new LakeError(401, 'Unauthorized: this local Content Lake needs its token (.broadsheet/lake-token)', 'unauthorizedError')
  }
  const call: RouteCall = {lake, r, params: found?.params ?? {}, rest: found?.rest ?? []}
  if (!found) return notServed(call)
  const {dataset} = call.params
  if (dataset !== undefined && dataset !== lake.options.dataset) {
    throw new LakeError(404, `Dataset "${dataset}" not found: this lake serves "${lake.options.dataset}"`, 'notFoundError')
  }
  await found.route.handle(call)
}

function findRoute(method: string, parts: string[]) {
  for (const {route, segments} of compiled) {
    if (route.method !== '*' && !(Array.isArray(route.method) ? route.method.includes(method) : route.method === method)) continue
    const matched = matchPath(segments, parts)
    if (matched) return {route, ...matched}
  }
  return undefined
}

/** Matches decoded path segments against a pattern with `:name` segments and at most one `*`. */
function matchPath(pattern: string[], parts: string[]): {params: Record<string, string>; rest: string[]} | null {
  const star = pattern.indexOf('*')
  const head = star < 0 ? pattern : pattern.slice(0, star)
  const tail = star < 0 ? [] : pattern.slice(star + 1)
  if (star < 0 ? parts.length !== pattern.length : parts.length < head.length + tail.length) return null
  const restEnd = parts.length - tail.length
  const params: Record<string, string> = {}
  const pairs = [...head.map((segment, i) => [segment, parts[i]]), ...tail.map((segment, i) => [segment, parts[restEnd + i]])]
  for (const [segment, part] of pairs) {
    if (segment.startsWith(':')) params[segment.slice(1)] = part
    else if (segment !== part) return null
  }
  return {params, rest: parts.slice(head.length, restEnd)}
}
