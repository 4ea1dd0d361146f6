import http from 'node:http'
import {timingSafeEqual} from 'node:crypto'
import {isDraftId} from '@sanity/client/csm'
import type {EmbeddedStore, Perspective, StoredDocument} from '../embedded/store'
import {readAssetFrom} from '../media'
import {MAX_UPLOAD_BYTES, imageAsset} from './assets'
import {parse} from 'groq-js'
import {ListenerHub, type ListenEvent, type ListenOptions} from './listen'
import {LakeError, Transaction} from './transaction'
import {applyAction, strongReferences} from './actions'
import {applyMutation, type MutationResult} from './mutations'

export type LakeOptions = {
  store: EmbeddedStore
  projectId: string
  dataset: string
  /** Every request but CORS preflights and image reads must carry it as a Bearer token. */
  token: string
  assetsDir: string
}

/** The one editor of a local lake. The Studio signs in as this user with no login wall. */
export const LOCAL_USER = {
  id: 'local-editor',
  name: 'Local Editor',
  email: 'editor@localhost',
  profileImage: null,
  role: 'administrator',
  roles: [{name: 'administrator', title: 'Administrator', description: 'Full access on this machine'}],
  provider: 'local',
}

const MAX_JSON_BYTES = 8 * 1024 * 1024
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\]|[a-z0-9-]+\.localhost)(:\d+)?$/i
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i

type Json = Record<string, unknown>
type Request = {
  req: http.IncomingMessage
  res: http.ServerResponse
  url: URL
  path: string
  apiVersion: string
  cors: Record<string, string>
}

/**
 * A local Content Lake: the part of Sanity's HTTP API that Studio 5.31 and @sanity/client use, served
 * from the embedded store, so the site and the Studio read and write one dataset. Listens on loopback
 * only (the caller binds it) and refuses requests without the token.
 */
export function createLakeServer(options: LakeOptions): http.Server {
  const {store} = options
  const hub = new ListenerHub(LOCAL_USER.id)
  const unsubscribeStore = store.onChange((change) => hub.publish(change))
  const streams = new Map<string, SharedStream>()
  const keyValues = new Map<string, unknown>()
  const expected = Buffer.from(options.token)

  const authorized = (req: http.IncomingMessage) => {
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '')
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  const checkDataset = (name: string | undefined) => {
    if (name !== options.dataset) throw new LakeError(404, `Dataset "${name}" not found: this lake serves "${options.dataset}"`, 'notFoundError')
  }

  async function route(r: Request): Promise<void> {
    const {req} = r
    let parts: string[]
    try {
      parts = r.path.split('/').filter(Boolean).map(decodeURIComponent)
    } catch {
      throw new LakeError(400, 'Malformed URL')
    }
    const method = req.method ?? 'GET'

    // images are public, as on Sanity's CDN: <img> cannot send a token
    if (method === 'GET' && parts[0] === 'images' && parts.length === 4) {
      const asset = await readAssetFrom(options.assetsDir, parts[3])
      if (!asset) throw new LakeError(404, 'Image not found', 'notFoundError')
      r.res.writeHead(200, {...r.cors, 'Content-Type': asset.contentType, 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff'})
      r.res.end(asset.body)
      return
    }
    // the Studio checks the protocol with a bare fetch, before it has a token
    if (method === 'GET' && parts.at(-1) === 'ping') return send(r, 200, 'PONG')
    if (!authorized(req)) throw new LakeError(401, 'Unauthorized: this local Content Lake needs its token (.broadsheet/lake-token)', 'unauthorizedError')

    const [head, second, third, ...rest] = parts
    if (method === 'GET' && head === 'users' && second === 'me' && !third) return send(r, 200, LOCAL_USER)
    if (head === 'users' && second === 'me' && third === 'keyvalue') return keyValue(r, method, rest[0], keyValues)
    if (method === 'GET' && head === 'users' && second && !third) {
      const ids = second.split(',')
      const users = ids.includes(LOCAL_USER.id) ? [LOCAL_USER] : []
      return send(r, 200, ids.length > 1 ? users : (users[0] ?? {}))
    }
    if (method === 'GET' && (head === 'features' || (head === 'projects' && third === 'features'))) return send(r, 200, [])
    if (method === 'GET' && head === 'projects' && second) {
      if (!third) return send(r, 200, project(options))
      if (third === 'user-applications') return send(r, 200, [])
      if (third === 'datasets' && rest.length === 0) return send(r, 200, [{name: options.dataset, aclMode: 'private'}])
      if (third === 'datasets' && rest[1] === 'acl') {
        checkDataset(rest[0])
        return send(r, 200, [{filter: '_id in path("**")', permissions: ['read', 'update', 'create', 'history']}])
      }
    }
    if (head === 'data' && third !== undefined) {
      checkDataset(third)
      if (method === 'GET' && second === 'doc') return documents(r, rest[0] ?? '')
      if (second === 'query' && (method === 'GET' || method === 'POST')) return query(r)
      if (method === 'POST' && second === 'actions') return actions(r)
      if (method === 'POST' && second === 'mutate') return mutate(r)
      if (method === 'GET' && second === 'listen') return listen(r)
    }
    if (head === 'broadsheet' && second === 'listen' && third !== undefined) {
      checkDataset(third)
      if (method === 'GET' && rest.length === 0) return openSharedStream(r)
      if (method === 'POST' && rest.length === 1) return controlSharedStream(r, rest[0])
    }
    if (method === 'POST' && head === 'assets' && second === 'images' && third !== undefined) {
      checkDataset(third)
      return upload(r)
    }
    throw new LakeError(404, `The local Content Lake does not serve ${method} ${r.path}`, 'notFoundError')
  }

  function documents(r: Request, ids: string) {
    const view = store.view('raw')
    const wanted = ids.split(',').filter(Boolean)
    const found = wanted.map((id) => view.byId.get(id)).filter((doc): doc is StoredDocument => Boolean(doc))
    send(r, 200, {
      documents: found,
      omitted: wanted.filter((id) => !view.byId.has(id)).map((id) => ({id, reason: 'existence'})),
    })
  }

  async function query(r: Request) {
    const body = r.req.method === 'POST' ? await readJson(r.req) : {}
    const groq = String(body.query ?? r.url.searchParams.get('query') ?? '')
    const params: Json = {...(body.params as Json | undefined), ...queryParams(r.url)}
    const perspective = perspectiveOf(String(body.perspective ?? r.url.searchParams.get('perspective') ?? ''), r.apiVersion)
    const started = performance.now()
    let result: unknown
    try {
      result = await store.query(groq, params, perspective)
    } catch (error) {
      throw invalidQuery(error)
    }
    const ms = Math.round(performance.now() - started)
    send(r, 200, r.url.searchParams.get('returnQuery') === 'false' ? {result, ms} : {query: groq, result, ms})
  }

  const integrity = {
    strongReferrers: (id: string) =>
      (store.view('raw').referrers(id) ?? [])
        .filter((doc) => !isDraftId(doc._id) && strongReferences(doc).includes(id))
        .map((doc) => doc._id),
  }

  function commit(tx: Transaction, dryRun: boolean) {
    if (!dryRun && tx.writes.size) store.commit(tx.writes, {id: tx.id, timestamp: tx.timestamp})
  }

  async function actions(r: Request) {
    const body = await readJson(r.req)
    const list = Array.isArray(body.actions) ? body.actions : body.actions ? [body.actions] : []
    if (!list.length) throw new LakeError(400, 'No actions given')
    const tx = new Transaction((id) => store.view('raw').byId.get(id), String(body.transactionId ?? ''))
    for (const action of list) applyAction(tx, action as Json, integrity)
    commit(tx, body.dryRun === true)
    send(r, 200, {transactionId: tx.id})
  }

  async function mutate(r: Request) {
    const body = await readJson(r.req)
    const list = (Array.isArray(body.mutations) ? body.mutations : []) as Json[]
    if (!list.length) throw new LakeError(400, 'No mutations given')
    // a delete or patch by query is resolved to ids first; applying and committing is then one synchronous step
    const resolved = await Promise.all(
      list.map(async (mutation) => {
        const inner = Object.values(mutation)[0] as {query?: string; params?: Json} | undefined
        if (typeof inner?.query !== 'string') return undefined
        try {
          const found = await store.query<unknown>(inner.query, inner.params ?? {}, 'raw')
          return (Array.isArray(found) ? found : [found]).flatMap((doc) => (typeof (doc as Json)?._id === 'string' ? [(doc as Json)._id as string] : []))
        } catch (error) {
          throw invalidQuery(error)
        }
      }),
    )
    const transactionId = String(body.transactionId ?? r.url.searchParams.get('transactionId') ?? '')
    const tx = new Transaction((id) => store.view('raw').byId.get(id), transactionId)
    const results: MutationResult[] = list.flatMap((mutation, index) => applyMutation(tx, mutation, resolved[index]))
    commit(tx, r.url.searchParams.get('dryRun') === 'true')
    const withDocuments = r.url.searchParams.get('returnDocuments') === 'true'
    send(r, 200, {
      transactionId: tx.id,
      results: results.map((result) => (withDocuments ? {...result, document: tx.get(result.id) ?? undefined} : result)),
    })
  }

  function listen(r: Request) {
    const params = queryParams(r.url)
    const groq = r.url.searchParams.get('query') ?? ''
    const tree = parseOrThrow(groq, params)
    const flag = (name: string) => (r.url.searchParams.has(name) ? r.url.searchParams.get(name) === 'true' : undefined)
    const listenOptions: ListenOptions = {
      includeResult: flag('includeResult'),
      includePreviousRevision: flag('includePreviousRevision'),
      includeMutations: flag('includeMutations'),
      effectFormat: r.url.searchParams.get('effectFormat') ?? undefined,
    }
    const sse = openSse(r)
    const unsubscribe = hub.subscribe(tree, params, listenOptions, (event) => sse.write(event))
    sse.onClose(unsubscribe)
  }

  function openSharedStream(r: Request) {
    const id = r.url.searchParams.get('stream') ?? ''
    if (!/^[A-Za-z0-9-]{8,64}$/.test(id) || streams.has(id)) throw new LakeError(400, 'A shared stream needs a new id (?stream=)')
    const sse = openSse(r)
    const stream: SharedStream = {sse, subscriptions: new Map()}
    streams.set(id, stream)
    sse.onClose(() => {
      for (const unsubscribe of stream.subscriptions.values()) unsubscribe()
      streams.delete(id)
    })
  }

  async function controlSharedStream(r: Request, id: string) {
    const stream = streams.get(id)
    if (!stream) throw new LakeError(404, `No open stream "${id}"`, 'notFoundError')
    const body = await readJson(r.req)
    for (const subscription of (Array.isArray(body.unsubscribe) ? body.unsubscribe : []) as string[]) {
      stream.subscriptions.get(subscription)?.()
      stream.subscriptions.delete(subscription)
    }
    for (const item of (Array.isArray(body.subscribe) ? body.subscribe : []) as Json[]) {
      const subscription = String(item.id)
      const params = (item.params ?? {}) as Json
      let tree
      try {
        tree = parseOrThrow(String(item.query ?? ''), params)
      } catch (error) {
        stream.sse.write({type: 'channelError' as ListenEvent['type'], data: {subscription, message: (error as Error).message}})
        continue
      }
      stream.subscriptions.get(subscription)?.()
      const unsubscribe = hub.subscribe(tree, params, (item.options ?? {}) as ListenOptions, (event) =>
        stream.sse.write({...event, data: {...event.data, subscription}}),
      )
      stream.subscriptions.set(subscription, unsubscribe)
    }
    r.res.writeHead(204, r.cors).end()
  }

  async function upload(r: Request) {
    const bytes = await readBody(r.req, MAX_UPLOAD_BYTES)
    const asset = await imageAsset(bytes, {
      assetsDir: options.assetsDir,
      projectId: options.projectId,
      dataset: options.dataset,
      filename: r.url.searchParams.get('filename') ?? undefined,
    })
    const existing = store.view('raw').byId.get(asset._id)
    if (existing) return send(r, 200, {document: existing})
    const tx = new Transaction((id) => store.view('raw').byId.get(id))
    const document = tx.put(asset)
    commit(tx, false)
    send(r, 200, {document})
  }

  const server = http.createServer((req, res) => {
    const cors = corsHeaders(req)
    if (!LOOPBACK_HOST.test(req.headers.host ?? '')) {
      // a page on another site that rebinds its name to 127.0.0.1 still sends its own Host
      return sendError(res, cors, new LakeError(403, 'Refused: the local Content Lake answers only to localhost', 'forbiddenError'))
    }
    if (req.headers.origin && !cors['Access-Control-Allow-Origin']) {
      return sendError(res, cors, new LakeError(403, 'Refused: only pages on localhost may call the local Content Lake', 'forbiddenError'))
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type',
        'Access-Control-Max-Age': '600',
      })
      return res.end()
    }
    const url = new URL(req.url ?? '/', 'http://lake.local')
    const version = /^\/v(\d{4}-\d{2}-\d{2}|\d+|X)(?=\/)/.exec(url.pathname)
    const r: Request = {
      req,
      res,
      url,
      cors,
      apiVersion: version?.[1] ?? '1',
      path: version ? url.pathname.slice(version[0].length) : url.pathname,
    }
    route(r).catch((error) => sendError(res, cors, error))
  })
  server.on('close', () => {
    unsubscribeStore()
    for (const stream of streams.values()) stream.sse.close()
  })
  return server
}

type SharedStream = {sse: Sse; subscriptions: Map<string, () => void>}

function project(options: LakeOptions) {
  return {
    id: options.projectId,
    displayName: 'Broadsheet (local)',
    studioHost: null,
    isBlocked: false,
    isDisabled: false,
    isDisabledByUser: false,
    metadata: {},
    members: [{id: LOCAL_USER.id, role: 'administrator', roles: LOCAL_USER.roles, isCurrentUser: true, isRobot: false}],
    features: [],
  }
}

async function keyValue(r: Request, method: string, keys: string | undefined, values: Map<string, unknown>) {
  if (method === 'GET' && keys) return send(r, 200, keys.split(',').map((key) => ({key, value: values.get(key) ?? null})))
  if (method === 'PUT' || method === 'POST') {
    const body = (await readJson(r.req, true)) as unknown as {key: string; value: unknown}[]
    for (const {key, value} of Array.isArray(body) ? body : []) values.set(String(key), value)
    return send(r, 200, Array.isArray(body) ? body : [])
  }
  throw new LakeError(404, 'Unknown key-value request', 'notFoundError')
}

/** Sanity's perspective names; a release stack (not served here) reads as drafts. */
function perspectiveOf(given: string, apiVersion: string): Perspective {
  const names = given.replace(/[[\]"]/g, '').split(',').filter(Boolean)
  if (names.length === 0) return apiVersion >= '2025-02-19' && apiVersion !== 'X' ? 'published' : 'raw'
  if (names.length === 1 && (names[0] === 'raw' || names[0] === 'published')) return names[0]
  return 'drafts'
}

/** The `$name=<json>` query parameters of a GET query or listen request. */
function queryParams(url: URL): Json {
  const params: Json = {}
  for (const [key, value] of url.searchParams) {
    if (!key.startsWith('$')) continue
    try {
      params[key.slice(1)] = JSON.parse(value)
    } catch {
      throw new LakeError(400, `Parameter ${key} is not valid JSON`)
    }
  }
  return params
}

const invalidQuery = (error: unknown) => new LakeError(400, `Invalid GROQ query: ${(error as Error).message}`, 'queryParseError')

function parseOrThrow(groq: string, params: Json) {
  try {
    return parse(groq, {params})
  } catch (error) {
    throw invalidQuery(error)
  }
}

function corsHeaders(req: http.IncomingMessage): Record<string, string> {
  const origin = req.headers.origin
  if (!origin || !LOOPBACK_ORIGIN.test(origin)) return {}
  return {'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin'}
}

function send(r: Request, status: number, body: unknown) {
  r.res.writeHead(status, {...r.cors, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store'})
  r.res.end(JSON.stringify(body))
}

function sendError(res: http.ServerResponse, cors: Record<string, string>, error: unknown) {
  const known = error instanceof LakeError
  if (!known) console.error('[lake]', error)
  const status = known ? error.status : 500
  const message = known ? error.message : 'Internal error in the local Content Lake'
  if (res.headersSent) return res.end()
  res.writeHead(status, {...cors, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store'})
  res.end(JSON.stringify({statusCode: status, error: known ? error.type : 'internalError', message}))
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new LakeError(413, `Request body over ${Math.round(limit / 1024 / 1024)} MB`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

async function readJson(req: http.IncomingMessage, allowArray = false): Promise<Json> {
  const text = (await readBody(req, MAX_JSON_BYTES)).toString('utf8')
  if (!text.trim()) return {}
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new LakeError(400, 'The request body is not valid JSON')
  }
  if (!body || typeof body !== 'object' || (Array.isArray(body) && !allowArray)) throw new LakeError(400, 'The request body must be a JSON object')
  return body as Json
}

type Sse = {write(event: ListenEvent | {type: string; id?: string; data: unknown}): void; onClose(fn: () => void): void; close(): void}

/** A Server-Sent Events response in the format of Sanity's listener, with a keep-alive comment. */
function openSse(r: Request): Sse {
  const {req, res} = r
  req.socket.setTimeout(0)
  req.socket.setNoDelay(true)
  res.writeHead(200, {
    ...r.cors,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
  })
  res.write(': connected\n\n')
  const ping = setInterval(() => res.write(': ping\n\n'), 20_000)
  ping.unref()
  const closers: (() => void)[] = [() => clearInterval(ping)]
  res.on('close', () => closers.forEach((fn) => fn()))
  return {
    write(event) {
      if (res.writableEnded) return
      res.write(`event: ${event.type}\n${event.id ? `id: ${event.id}\n` : ''}data: ${JSON.stringify(event.data)}\n\n`)
    },
    onClose: (fn) => closers.push(fn),
    close: () => res.end(),
  }
}
