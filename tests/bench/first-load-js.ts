import zlib from 'node:zlib'

/** Reader pages whose JavaScript we track, one of each type. */
export const READER_PAGES = [
  ['home', '/'],
  ['model article', '/articles/microsoft-wont-sell-facial-recognition-to-police'],
  ['topic', '/topics/ai'],
  ['author', '/authors/jane-doe'],
  ['quotes', '/quotes'],
  ['principle list', '/principles/microsoft-facial-recognition-principles'],
  ['search', '/search?q=facial'],
  ['404', '/no-such-page'],
] as const

/** A GET with one retry: after minutes of Lighthouse runs a pooled keep-alive socket may be closed by the server as it is reused. */
async function get(url: string | URL): Promise<Response> {
  try {
    return await fetch(url)
  } catch {
    return fetch(url)
  }
}

/** First-load JS of a page: every script it loads, gzip-compressed, minus the noModule polyfill. */
export async function firstLoadJs(base: string, pagePath: string) {
  const html = await (await get(base + pagePath)).text()
  const scripts = [
    ...new Set([...html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)].filter((m) => !/noModule/i.test(m[1] + m[3])).map((m) => m[2])),
  ].sort()
  let gzip = 0
  for (const src of scripts) {
    const body = Buffer.from(await (await get(new URL(src, base))).arrayBuffer())
    gzip += zlib.gzipSync(body, {level: 9}).length
  }
  return {scripts, gzipKb: gzip / 1024}
}
