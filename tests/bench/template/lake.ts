// The peer's stand-in Content Lake: answers the template's GROQ queries over HTTP with groq-js (as the hosted
// API does: `{query, result, ms}`), and keeps its live-events stream (`SanityLive` in the template's layout) open
// with a welcome event, with the CORS headers the hosted API sends to a browser.
import fs from 'node:fs'
import http from 'node:http'
import {evaluate, parse} from 'groq-js'

export async function startPeerLake(datasetFile: string, port: number, dataset = 'production') {
  const documents = fs
    .readFileSync(datasetFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
  const streams = new Set<http.ServerResponse>()
  const server = http.createServer(async (req, res) => {
    const origin = req.headers.origin
    if (origin) res.setHeader('access-control-allow-origin', origin)
    res.setHeader('access-control-allow-credentials', 'true')
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST'}).end()
      return
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (new RegExp(`^/v[\\w-]+/data/live/events/${dataset}$`).test(url.pathname)) {
      res.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive'})
      res.write(`event: welcome\ndata: {}\n\n`)
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }
    if (!new RegExp(`^/v[\\w-]+/data/query/${dataset}$`).test(url.pathname)) {
      res.writeHead(404, {'content-type': 'application/json'}).end(JSON.stringify({error: 'Not found'}))
      return
    }
    let query = url.searchParams.get('query') ?? ''
    let params: Record<string, unknown> = {}
    for (const [key, value] of url.searchParams) if (key.startsWith('$')) params[key.slice(1)] = JSON.parse(value)
    if (req.method === 'POST') {
      let body = ''
      for await (const chunk of req) body += chunk
      ;({query, params = {}} = JSON.parse(body))
    }
    try {
      const started = performance.now()
      const result = await (await evaluate(parse(query, {params}), {dataset: documents, params})).get()
      res
        .writeHead(200, {'content-type': 'application/json'})
        .end(JSON.stringify({query, result, ms: Math.round(performance.now() - started)}))
    } catch (error) {
      res.writeHead(400, {'content-type': 'application/json'}).end(JSON.stringify({error: {description: String(error)}}))
    }
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve))
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of streams) res.end()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
