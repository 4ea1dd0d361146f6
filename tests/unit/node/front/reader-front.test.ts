// The layer `npm start` puts in front of Next (lib/node/front/reader-front.mjs createReaderFront), on a real HTTP
// server. Next itself cannot run inside Jest, so the origin behind the layer answers as Next does for a page from
// its ISR cache, and counts what reaches it; tests/e2e/no-script.test.ts runs the same layer in front of real Next.
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {createMicroCache} from '@/lib/node/front/micro-cache.mjs'
import {announcePagesExpired, onPagesExpired} from '@/lib/node/front/pages-expired.mjs'
import type {NotFoundPage} from '@/lib/node/front/error-pages.mjs'
import {createReaderFront, NOT_FOUND_PAGE_REQUEST, NOT_FOUND_PAGE_TOKEN} from '@/lib/node/front/reader-front.mjs'

const PAGE =
  '<!DOCTYPE html><html lang="en"><head><script src="/_next/static/chunks/a.js" async=""></script></head><body><h1>Story</h1></body></html>'
const SHELL = '<!DOCTYPE html><html id="__next_error__"><head></head><body><script>self.__next_f.push([1,"404"])</script></body></html>'
const POLICY = "default-src 'none'; script-src 'none'"
const PREVIEW_ID = '0123456789abcdef0123456789abcdef'

/** What the stand-in for Next answers; `delayMs` holds the answer back, `endTwice` ends the response twice, and
 * `rewriteUrl` changes `req.url` on the way, as Next does (`/?a` becomes `/?a=`). */
type Origin = {
  status?: number
  headers?: Record<string, string>
  body?: string | ((url: string) => string)
  delayMs?: number
  endTwice?: boolean
  rewriteUrl?: boolean
  /** sends the body in two writes, then writes once more after the end (a bug upstream must not crash us) */
  writeAfterEnd?: boolean
}

/** The front, and behind it an origin that answers `origin` (Next's headers for a fresh ISR page by default). */
async function startFront({ttlMs = 1000, notFoundPage}: {ttlMs?: number; notFoundPage?: () => Promise<NotFoundPage>} = {}) {
  const microCache = createMicroCache({ttlMs})
  const front = createReaderFront({policy: POLICY, previewModeId: PREVIEW_ID, microCache, notFoundPage})
  const state = {asked: 0, origin: {} as Origin}
  const server = http.createServer(async (req, res) => {
    if (front(req, res)) return
    state.asked++
    const {status = 200, headers = {}, delayMs = 0, endTwice = false, rewriteUrl = false, writeAfterEnd = false} = state.origin
    const body = typeof state.origin.body === 'function' ? state.origin.body(req.url!) : (state.origin.body ?? PAGE)
    if (rewriteUrl) req.url += '='
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs))
    res.statusCode = status
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    res.setHeader('Cache-Control', 's-maxage=300, stale-while-revalidate=31535700')
    res.setHeader('x-nextjs-cache', 'HIT')
    res.setHeader('ETag', `"${body.length.toString(36)}"`)
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
    if (writeAfterEnd) {
      res.removeHeader('x-nextjs-cache')
      res.write(body.slice(0, 10))
      res.end(body.slice(10))
      res.write('late')
      return
    }
    res.end(req.method === 'HEAD' ? undefined : body)
    if (endTwice) res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const get = async (path = '/articles/a', init: RequestInit = {}) => {
    const response = await fetch(url + path, init)
    return {response, body: await response.text()}
  }
  return {state, get, microCache, close: () => new Promise((resolve) => server.close(resolve))}
}

let front: Awaited<ReturnType<typeof startFront>>
afterEach(() => front?.close())

describe('the micro-cache in front of Next', () => {
  it('sends a page Next served from its cache again without asking Next, body and headers alike', async () => {
    front = await startFront()
    const first = await front.get()
    const second = await front.get()
    expect(front.state.asked).toBe(1)
    expect(second.body).toBe(first.body)
    expect(second.body).toBe('<!DOCTYPE html><html lang="en"><head></head><body><h1>Story</h1></body></html>')
    for (const name of ['content-security-policy', 'etag', 'cache-control', 'x-nextjs-cache', 'content-length'])
      expect({name, value: second.response.headers.get(name)}).toEqual({name, value: first.response.headers.get(name)})
    expect(second.response.headers.get('content-security-policy')).toBe(POLICY)
  })

  it('keeps one copy per encoding, answers HEAD and If-None-Match from it, and asks Next once each', async () => {
    front = await startFront()
    const br = await front.get('/articles/a', {headers: {'accept-encoding': 'br'}})
    await front.get('/articles/a', {headers: {'accept-encoding': 'identity'}})
    expect(front.state.asked).toBe(2)
    const head = await front.get('/articles/a', {method: 'HEAD', headers: {'accept-encoding': 'br'}})
    expect(head.body).toBe('')
    expect(head.response.headers.get('etag')).toBe(br.response.headers.get('etag'))
    const etag = br.response.headers.get('etag')!
    const conditional = await front.get('/articles/a', {headers: {'accept-encoding': 'br', 'if-none-match': `"other", ${etag}`}})
    expect(conditional.response.status).toBe(304)
    expect(conditional.response.headers.get('etag')).toBe(etag)
    expect(conditional.response.headers.get('content-security-policy')).toBe(POLICY)
    expect(front.state.asked).toBe(2)
  })

  it('asks Next again once its second is up, and at once when pages expire', async () => {
    front = await startFront({ttlMs: 100})
    onPagesExpired(() => front.microCache.clear())
    await front.get()
    await front.get()
    expect(front.state.asked).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 150))
    await front.get()
    expect(front.state.asked).toBe(2)
    announcePagesExpired()
    await front.get()
    expect(front.state.asked).toBe(3)
  })

  it('keeps nothing for a second after pages expire, nor what Next was sending when they did', async () => {
    front = await startFront({ttlMs: 200})
    onPagesExpired(() => front.microCache.clear())
    // a request in flight when the pages expire: Next may still be answering with the old page
    front.state.origin = {delayMs: 100}
    const inFlight = front.get()
    await new Promise((resolve) => setTimeout(resolve, 30))
    announcePagesExpired()
    await inFlight
    expect(front.microCache.stats().entries).toBe(0)
    // and until Next has applied the expiry, nothing it answers is kept
    front.state.origin = {}
    await front.get()
    await front.get()
    expect(front.state.asked).toBe(3)
    await new Promise((resolve) => setTimeout(resolve, 250))
    await front.get()
    await front.get()
    expect(front.state.asked).toBe(4)
  })

  it('keys a response by the URL the client asked for, not the one Next rewrote it to', async () => {
    front = await startFront()
    front.state.origin = {rewriteUrl: true}
    await front.get('/?a')
    await front.get('/?a')
    expect(front.state.asked).toBe(1)
  })

  it('says a compressible response varies with Accept-Encoding, even to a client that takes none', async () => {
    front = await startFront()
    const {response} = await front.get('/articles/a', {headers: {'accept-encoding': 'identity'}})
    expect(response.headers.get('vary')).toMatch(/Accept-Encoding/)
  })

  it.each<[string, Origin | {method: string} | {cookie: string} | {path: string}]>([
    ['a page Next rendered just now', {headers: {'x-nextjs-cache': 'MISS'}}],
    ['a stale page Next is regenerating', {headers: {'x-nextjs-cache': 'STALE'}}],
    ['a private response', {headers: {'Cache-Control': 'private, no-cache, no-store, max-age=0, must-revalidate'}}],
    ['a response that sets a cookie', {headers: {'Set-Cookie': 'a=b'}}],
    ['an error', {status: 500}],
    ['draft mode', {cookie: '__prerender_bypass=1'}],
    ['the Studio', {path: '/studio/structure'}],
  ])('keeps nothing of %s', async (_, what) => {
    front = await startFront()
    if ('status' in what || 'headers' in what) front.state.origin = what
    const init = 'cookie' in what ? {headers: {cookie: what.cookie}} : {}
    const path = 'path' in what ? what.path : '/articles/a'
    await front.get(path, init)
    await front.get(path, init)
    expect(front.state.asked).toBe(2)
    expect(front.microCache.stats().entries).toBe(0)
  })
})

describe('a page Next could not render at all', () => {
  it.each([
    ['its error shell', SHELL],
    ['an empty body', ''],
  ])('is a 503 to come back to, not a 500, when Next sends %s', async (_, body) => {
    front = await startFront()
    front.state.origin = {status: 500, body, headers: {'Cache-Control': 'private, no-cache, no-store, max-age=0, must-revalidate'}}
    const {response, body: page} = await front.get('/search?q=privacy')
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('30')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-security-policy')).toBe(POLICY)
    expect(page).toContain('<h1>We’ll be back in a moment</h1>')
    expect(page).not.toMatch(/<script/i)
  })

  it('passes a 5xx that is not an error shell as it is', async () => {
    front = await startFront()
    front.state.origin = {status: 502, body: 'Bad gateway', headers: {'Content-Type': 'text/plain'}}
    const {response, body} = await front.get('/feed.xml')
    expect({status: response.status, body}).toEqual({status: 502, body: 'Bad gateway'})
  })
})

describe('a 404 Next sent as its empty error shell', () => {
  const notFoundBody = '<!DOCTYPE html><html lang="en"><body><h1>We can’t find that page</h1></body></html>'

  it('leaves with the site 404 page, its status and the script-free policy', async () => {
    front = await startFront({notFoundPage: async () => ({body: Buffer.from(notFoundBody), encoding: undefined})})
    front.state.origin = {status: 404, body: SHELL}
    const {response, body} = await front.get('/articles/gone')
    expect(response.status).toBe(404)
    expect(body).toBe(notFoundBody)
    expect(response.headers.get('content-security-policy')).toBe(POLICY)
    expect(response.headers.get('etag')).toBeNull()
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(notFoundBody))
  })

  it('never asks for the 404 page while fetching the 404 page', async () => {
    const notFoundPage = jest.fn(async () => ({body: Buffer.from(notFoundBody), encoding: undefined}))
    front = await startFront({notFoundPage})
    front.state.origin = {status: 404, body: SHELL}
    const {response, body} = await front.get('/_not-found', {headers: {[NOT_FOUND_PAGE_REQUEST]: NOT_FOUND_PAGE_TOKEN}})
    expect({status: response.status, body}).toEqual({status: 404, body: SHELL})
    expect(notFoundPage).not.toHaveBeenCalled()
  })

  it('gives a client that sends the header itself the site’s 404 page, never the scripted shell', async () => {
    const notFoundPage = jest.fn(async () => ({body: Buffer.from(notFoundBody), encoding: undefined}))
    front = await startFront({notFoundPage})
    front.state.origin = {status: 404, body: SHELL}
    const {response, body} = await front.get('/articles/no-such-story', {headers: {[NOT_FOUND_PAGE_REQUEST]: '1'}})
    expect(response.status).toBe(404)
    expect(body).toBe(notFoundBody)
    expect(notFoundPage).toHaveBeenCalled()
  })

  it('never keeps an error shell, whoever asks for one', async () => {
    front = await startFront()
    front.state.origin = {status: 404, body: SHELL}
    // a client posing as this server's own request for its 404 page
    await front.get('/articles/gone', {headers: {[NOT_FOUND_PAGE_REQUEST]: '1'}})
    expect(front.microCache.stats().entries).toBe(0)
  })

  it('sends the 404 page once, though Next ends its response again while the page is on its way', async () => {
    front = await startFront({
      notFoundPage: () => new Promise((resolve) => setTimeout(() => resolve({body: Buffer.from(notFoundBody), encoding: undefined}), 50)),
    })
    front.state.origin = {status: 404, body: SHELL, endTwice: true}
    const {response, body} = await front.get('/articles/gone')
    expect({status: response.status, body}).toEqual({status: 404, body: notFoundBody})
  })

  it('keeps the shell, and says so, when the 404 page cannot be had', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {})
    front = await startFront({notFoundPage: async () => Promise.reject(new Error('/_not-found answered 500'))})
    front.state.origin = {status: 404, body: SHELL}
    const {response, body} = await front.get('/articles/gone')
    expect(response.status).toBe(404)
    expect(body).toBe(SHELL)
    expect(errors.mock.calls.join()).toContain('/_not-found answered 500')
    errors.mockRestore()
  })
})

describe('bodies Next had whole, rewritten and compressed once', () => {
  it('never serves one page for another whose validator collides with it (the memo is keyed by URL too)', async () => {
    front = await startFront({ttlMs: 1})
    const page = (title: string) => `<!DOCTYPE html><html><body><h1>${title}</h1>${'<p>text</p>'.repeat(200)}</body></html>`
    front.state.origin = {body: (url) => page(url.includes('b') ? 'Bravo' : 'Alpha'), headers: {ETag: '"same-validator"'}}
    for (const encoding of ['identity', 'br', 'gzip']) {
      const a = await front.get('/articles/a', {headers: {'accept-encoding': encoding}})
      const b = await front.get('/articles/b', {headers: {'accept-encoding': encoding}})
      expect({encoding, a: a.body.includes('Alpha'), b: b.body.includes('Bravo')}).toEqual({encoding, a: true, b: true})
    }
  })

  it('answers HEAD and If-None-Match from the same response as GET: one validator, one length, one Vary', async () => {
    front = await startFront({ttlMs: 1})
    front.state.origin = {body: `<!DOCTYPE html><html><body>${'<p>text</p>'.repeat(200)}<script>x()</script></body></html>`}
    const headers = {'accept-encoding': 'gzip'}
    const get = await front.get('/articles/a', {headers})
    const head = await front.get('/articles/a', {method: 'HEAD', headers})
    const etag = get.response.headers.get('etag')!
    const notModified = await front.get('/articles/a', {headers: {...headers, 'if-none-match': etag, 'cache-control': 'max-age=0'}})
    expect(etag).toMatch(/^W\//)
    for (const name of ['etag', 'content-encoding', 'content-length', 'vary', 'content-security-policy', 'cache-control'])
      expect({name, head: head.response.headers.get(name)}).toEqual({name, head: get.response.headers.get(name)})
    expect(notModified.response.status).toBe(304)
    for (const name of ['etag', 'vary', 'content-security-policy', 'cache-control'])
      expect({name, value: notModified.response.headers.get(name)}).toEqual({name, value: get.response.headers.get(name)})
  })
})

describe('a streamed response', () => {
  it('survives a write after the end: the page arrives whole, the write is dropped and logged', async () => {
    let logged!: (line: string) => void
    const log = new Promise<string>((resolve) => (logged = resolve))
    const errors = jest.spyOn(console, 'error').mockImplementation((line: string) => logged(line))
    front = await startFront()
    front.state.origin = {writeAfterEnd: true, body: `<!DOCTYPE html><html><body>${'<p>text</p>'.repeat(200)}</body></html>`}
    const {response, body} = await front.get('/articles/a', {headers: {'accept-encoding': 'br'}})
    expect(response.headers.get('content-encoding')).toBe('br')
    expect(body).toMatch(/<\/html>$/)
    expect(await log).toMatch(/\/articles\/a: a write after the response ended was dropped/)
    errors.mockRestore()
  })
})
