// The "script-free limit": a page's HTML from our server with every <script> and script preload removed,
// served at the same path by a tiny server that proxies every other path (CSS, fonts, images) to ours.
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import zlib from 'node:zlib'

/** The page's HTML without scripts: <script> elements and <link rel=preload|modulepreload as=script>. */
export function stripScripts(html: string): string {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
    .replace(/<link\b[^>]*>/gi, (tag) =>
      /rel="?modulepreload/i.test(tag) || (/rel="?preload/i.test(tag) && /as="?script/i.test(tag)) ? '' : tag,
    )
}

export async function startScriptFree(origin: string, pagePath: string) {
  const page = await fetch(origin + pagePath)
  const html = stripScripts(await page.text())
  const gzip = zlib.gzipSync(html)
  const target = new URL(origin)
  const server = http.createServer((req, res) => {
    if (req.url === pagePath) {
      const gzipped = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': page.headers.get('cache-control') ?? 'no-cache',
        ...(gzipped ? {'content-encoding': 'gzip', vary: 'Accept-Encoding'} : {}),
      })
      res.end(gzipped ? gzip : html)
      return
    }
    const upstream = http.request(
      {host: target.hostname, port: target.port, method: req.method, path: req.url, headers: {...req.headers, host: target.host}},
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    scriptsLeft: (html.match(/<script\b/gi) ?? []).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
