// The listener endpoints over the hub in listen.ts: Sanity's /data/listen (one query per connection), and the
// shared streams at /broadsheet/listen (one connection, many subscriptions added and dropped by POST).
import type {Lake, RouteCall, SharedStream} from './context'
import {parseOrThrow, queryParams} from './groq'
import {openSse, readJson, send, type Json} from './http'
import type {ListenEvent, ListenOptions} from './listen'
import {LakeError} from './transaction'

export function listen({lake, r}: RouteCall) {
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
  const unsubscribe = lake.hub.subscribe(tree, params, listenOptions, (event) => sse.write(event))
  sse.onClose(unsubscribe)
}

/** `GET /broadsheet/listen/<dataset>?stream=<new id>`: opens an empty shared stream. */
export function openSharedStream({lake, r}: RouteCall) {
  const id = r.url.searchParams.get('stream') ?? ''
  if (!/^[A-Za-z0-9-]{8,64}$/.test(id) || lake.streams.has(id)) throw new LakeError(400, 'A shared stream needs a new id (?stream=)')
  const sse = openSse(r)
  const stream: SharedStream = {sse, subscriptions: new Map()}
  lake.streams.set(id, stream)
  sse.onClose(() => {
    for (const unsubscribe of stream.subscriptions.values()) unsubscribe()
    lake.streams.delete(id)
  })
}

/** `POST /broadsheet/listen/<dataset>/<stream>` with `{subscribe: [{id, query, params, options}], unsubscribe: [id]}`. */
export async function controlSharedStream({lake, r, params: {stream: id}}: RouteCall) {
  const stream = lake.streams.get(id)
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
    const unsubscribe = lake.hub.subscribe(tree, params, (item.options ?? {}) as ListenOptions, (event) =>
      stream.sse.write({...event, data: {...event.data, subscription}}),
    )
    stream.subscriptions.set(subscription, unsubscribe)
  }
  r.res.writeHead(204, r.cors).end()
}

/** `GET /broadsheet/streams/<dataset>`: the open shared streams and how many listeners each carries. */
export function sharedStreams({lake, r}: RouteCall) {
  send(r, 200, {streams: [...lake.streams.values()].map((stream) => ({subscriptions: stream.subscriptions.size}))})
}

/** Ends every open shared stream, when the server closes. */
export function closeSharedStreams(lake: Lake) {
  for (const stream of lake.streams.values()) stream.sse.close()
}
