// The peer's stand-in image CDN: cdn.sanity.io's URL scheme (`/images/<project>/<dataset>/<id>-<w>x<h>.<ext>`
// with rect, w, h, fit, q, fm, auto=format, dpr) served from our demo images with sharp. Each variant is encoded
// once and kept in memory, with the CDN's immutable caching, so the stand-in costs the peer no more than a CDN hit.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import sharp from 'sharp'

export async function startPeerCdn(imagesDir: string, port: number) {
  const cache = new Map<string, {type: string; body: Buffer}>()
  async function render(file: string, search: URLSearchParams, accept: string) {
    const fm = search.get('fm') ?? (search.get('auto') === 'format' && accept.includes('image/webp') ? 'webp' : undefined)
    let image = sharp(fs.readFileSync(file))
    const rect = search.get('rect')?.split(',').map(Number)
    if (rect?.length === 4) image = image.extract({left: rect[0], top: rect[1], width: rect[2], height: rect[3]})
    const dpr = Number(search.get('dpr') ?? 1)
    const w = search.get('w') ? Math.round(Number(search.get('w')) * dpr) : undefined
    const h = search.get('h') ? Math.round(Number(search.get('h')) * dpr) : undefined
    if (w || h) {
      const fit = search.get('fit') ?? 'clip'
      image = image.resize({
        width: w,
        height: h,
        fit: fit === 'crop' ? 'cover' : fit === 'fill' ? 'contain' : 'inside',
        withoutEnlargement: fit !== 'min',
      })
    }
    const quality = Number(search.get('q') ?? 75)
    const format = fm ?? path.extname(file).slice(1)
    const body =
      format === 'webp'
        ? await image.webp({quality}).toBuffer()
        : format === 'jpg' || format === 'jpeg'
          ? await image.jpeg({quality}).toBuffer()
          : await image.png().toBuffer()
    return {type: `image/${format === 'jpg' ? 'jpeg' : format}`, body}
  }
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const match = /^\/images\/[^/]+\/[^/]+\/([0-9a-f]+-\d+x\d+\.\w+)$/.exec(url.pathname)
    const file = match && path.join(imagesDir, match[1])
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    const accept = req.headers.accept ?? ''
    const key = `${req.url}|${accept.includes('image/webp')}`
    try {
      let hit = cache.get(key)
      if (!hit) cache.set(key, (hit = await render(file, url.searchParams, accept)))
      res
        .writeHead(200, {
          'content-type': hit.type,
          'content-length': hit.body.length,
          'cache-control': 'public, max-age=31536000, immutable',
          vary: 'Accept',
          'access-control-allow-origin': '*',
        })
        .end(hit.body)
    } catch (error) {
      res.writeHead(400).end(String(error))
    }
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve))
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
