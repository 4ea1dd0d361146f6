import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {evaluate, parse} from 'groq-js'
import {createClient} from '@sanity/client'
import {SANITY_API_VERSION} from '@/lib/node/api-version.mjs'
import {EmbeddedStore, type Perspective, type StoredDocument} from '@/lib/offline/store/store'

export type RecordedRequest = {
  path: string
  query: string
  params: Record<string, unknown>
  perspective: string | null
  /** The request tag the site gave the read (lib/site/content/fetch.ts): `api.*` for a read from the live API. */
  tag: string | null
  authorization?: string
}

/**
 * @sanity/client sends CDN and API reads to the same custom apiHost, so the stand-in tells them apart by
 * the request tag the site gives each read: a published read not tagged `api.*` came through the CDN.
 */
const throughCdn = (tag: string | null) => !tag?.startsWith('api.')

/**
 * Stands in for the hosted Content Lake, the one piece that cannot exist here: answers
 * `/v<apiVersion>/data/query/<dataset>` from an NDJSON file with groq-js, serves the Live Content API's event
 * stream (an event per `reload()`), and records every request.
 */
export async function startFakeContentLake(datasetFile: string, dataset = 'production') {
  const store = new EmbeddedStore(datasetFile)
  const requests: RecordedRequest[] = []
  // how the stand-in misbehaves: 500s, answering only after `hangMs`, or dropping every connection
  let behaviour: 'normal' | 'error' | 'hang' | 'down' = 'normal'
  const hangMs = 20_000
  // a CDN that has not caught up with a publish: its (published) reads answer from the documents as they were
  let cdnSnapshot: readonly StoredDocument[] | undefined
  const documentsFor = (perspective: Perspective, cdn: boolean) =>
    cdn && cdnSnapshot && perspective === 'published' ? cdnSnapshot : store.view(perspective).documents
  // the Live Content API: every reload() is an event; drafts only with a token, as hosted
  const live = new Set<http.ServerResponse>()
  let liveEventId = 0
  const liveEvents = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const includeDrafts = url.searchParams.get('includeDrafts') === 'true'
    requests.push({
      path: url.pathname,
      query: '',
      params: {},
      perspective: null,
      tag: url.searchParams.get('tag'),
      authorization: req.headers.authorization,
    })
    if (includeDrafts && !req.headers.authorization) {
      res.writeHead(401, {'content-type': 'application/json'}).end(JSON.stringify({error: 'Unauthorized'}))
      return
    }
    res.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache'})
    res.write('event: welcome\ndata: {}\n\n')
    live.add(res)
    res.on('close', () => live.delete(res))
  }
  const server = http.createServer(async (req, res) => {
    if (behaviour === 'down') {
      req.socket.destroy()
      return
    }
    if (behaviour === 'hang') await new Promise((resolve) => setTimeout(resolve, hangMs).unref())
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (new RegExp(`^/v[\\d-]+/data/live/events/${dataset}$`).test(url.pathname)) return liveEvents(req, res, url)
    const match = /^\/v[\d-]+\/data\/query\/([^/]+)$/.exec(url.pathname)
    if (!match || match[1] !== dataset) {
      res.writeHead(404, {'content-type': 'application/json'}).end(JSON.stringify({error: 'Not found'}))
      return
    }
    const query = url.searchParams.get('query') ?? ''
    const params: Record<string, unknown> = {}
    for (const [key, value] of url.searchParams) if (key.startsWith('$')) params[key.slice(1)] = JSON.parse(value)
    const perspective = url.searchParams.get('perspective')
    const tag = url.searchParams.get('tag')
    requests.push({path: url.pathname, query, params, perspective, tag, authorization: req.headers.authorization})
    if (behaviour === 'error') {
      res.writeHead(500, {'content-type': 'application/json'}).end(JSON.stringify({error: 'Internal'}))
      return
    }
    try {
      const documents = documentsFor((perspective ?? 'raw') as Perspective, throughCdn(tag))
      const value = await evaluate(parse(query, {params}), {dataset: documents, params})
      const result = await value.get()
      res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({query, result, ms: 1}))
    } catch (error) {
      res.writeHead(400, {'content-type': 'application/json'}).end(JSON.stringify({error: String(error)}))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failWith500: (on: boolean) => void (behaviour = on ? 'error' : 'normal'),
    /** 'error': every query gets a 500; 'hang': answers after 20 s; 'down': connections are dropped. */
    misbehave: (how: 'normal' | 'error' | 'hang' | 'down') => void (behaviour = how),
    /** While on, reads through the API CDN keep answering with the documents as they are now; API reads see every change. */
    lagCdn: (on: boolean) => void (cdnSnapshot = on ? store.view('published').documents : undefined),
    /** Reads the dataset file again after a test edited it: a publish. */
    reload: () => {
      store.reload()
      for (const res of live) res.write(`event: message\nid: e${++liveEventId}\ndata: {"tags":["s1:all"]}\n\n`)
    },
    /** Open Live Content API streams. */
    liveStreams: () => live.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of live) res.end()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A client of the stand-in lake, as the Studio's own would be configured. */
export const fakeLakeClient = (lake: {url: string}) =>
  createClient({
    projectId: 'test',
    dataset: 'production',
    apiHost: lake.url,
    useProjectHostname: false,
    useCdn: false,
    apiVersion: SANITY_API_VERSION,
  })
