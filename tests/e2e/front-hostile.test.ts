// npm start against hostile requests, in a container and under its own compression (lib/node/front/): each test
// stands for one defect of the first-week review (issue 21), as curl would see it.
import {randomBytes} from 'node:crypto'
import http from 'node:http'
import net from 'node:net'
import {createArticleDraft, lakeActions, publishDraft} from '../support/lake'
import {cspDirectives} from '../support/e2e'
import {E2E_PREVIEW_SECRET, freePort, startProductionServer, type RunningServer} from '../support/production-server'
import {copyDemoDataset, eventually} from '../support/temp-dataset'

const MODEL = '/articles/microsoft-wont-sell-facial-recognition-to-police'
const runtimeIn = (html: string) =>
  [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]).filter((tag) => !/application\/ld\+json/.test(tag))

describe('npm start against what a client claims', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startProductionServer()
  })
  afterAll(() => server?.stop())

  /** A page Next serves from its ISR cache (the first requests may still be regenerating it). */
  const warm = (path: string) =>
    eventually(
      async () => {
        const response = await fetch(server.url + path)
        await response.arrayBuffer()
        return response.headers.get('x-nextjs-cache')
      },
      (state) => state === 'HIT',
    )

  it.each([
    ['a bogus draft-mode cookie', {cookie: '__prerender_bypass=bogus'}, ''],
    ['a router prefetch header', {'next-router-prefetch': '1'}, ''],
    ['an RSC query', {}, '?_rsc=abc'],
  ])('gives %s the script-free page under the strict policy, never a cacheable page with scripts', async (_, headers, query) => {
    await warm(MODEL)
    const response = await fetch(server.url + MODEL + query, {headers})
    const html = await response.text()
    expect(response.status).toBe(200)
    expect(runtimeIn(html)).toEqual([])
    expect(cspDirectives(response.headers.get('content-security-policy')).get('script-src')).toEqual(["'none'"])
  })

  it.each([`/api/%2e%2e${MODEL}`, `/_next/..${MODEL}`, `/studio/%2E%2e${MODEL}`])(
    'decides %s as the page Next routes it to: script-free under the strict policy',
    async (path) => {
      await warm(MODEL)
      // fetch() would resolve the dot segments itself; a crafted request sends them as they are
      const {status, headers, body} = await new Promise<{status: number; headers: http.IncomingHttpHeaders; body: string}>(
        (resolve, reject) =>
          http
            .get(server.url + '/', {path}, (res) => {
              let text = ''
              res.setEncoding('utf8')
              res.on('data', (chunk: string) => (text += chunk))
              res.on('end', () => resolve({status: res.statusCode!, headers: res.headers, body: text}))
            })
            .on('error', reject),
      )
      expect(status).toBe(200)
      expect(runtimeIn(body)).toEqual([])
      expect(cspDirectives(String(headers['content-security-policy'])).get('script-src')).toEqual(["'none'"])
    },
  )

  it('agrees on GET, HEAD and 304: one validator, encoding, length and Vary', async () => {
    await warm(MODEL)
    const headers = {'accept-encoding': 'br'}
    const get = await fetch(server.url + MODEL, {headers})
    await get.arrayBuffer()
    const head = await fetch(server.url + MODEL, {method: 'HEAD', headers})
    const etag = get.headers.get('etag')!
    expect(etag).toMatch(/^W\//)
    for (const name of ['etag', 'content-encoding', 'content-length', 'vary', 'content-security-policy', 'cache-control'])
      expect({name, head: head.headers.get(name)}).toEqual({name, head: get.headers.get(name)})
    // (fetch adds `Cache-Control: no-cache` to a conditional request unless told otherwise)
    const notModified = await fetch(server.url + MODEL, {headers: {...headers, 'if-none-match': etag, 'cache-control': 'max-age=0'}})
    expect(notModified.status).toBe(304)
    for (const name of ['etag', 'vary', 'content-security-policy', 'cache-control'])
      expect({name, value: notModified.headers.get(name)}).toEqual({name, value: get.headers.get(name)})
    // the script-free body is not the page Next validated: uncompressed, its validator is weak too
    const identity = await fetch(server.url + MODEL, {headers: {'accept-encoding': 'identity'}})
    await identity.arrayBuffer()
    expect(identity.headers.get('etag')).toBe(etag)
  })

  it('honours q-values: br;q=0.1, gzip gets gzip', async () => {
    const response = await fetch(server.url + MODEL, {headers: {'accept-encoding': 'br;q=0.1, gzip'}})
    await response.arrayBuffer()
    expect(response.headers.get('content-encoding')).toBe('gzip')
  })

  it('serves a cached feed from memory, compressed once, within the second', async () => {
    await warm('/feed.xml')
    const headers = {'accept-encoding': 'gzip'}
    const first = await fetch(`${server.url}/feed.xml`, {headers})
    const firstBody = await first.text()
    const again = await fetch(`${server.url}/feed.xml`, {headers})
    expect(first.headers.get('content-encoding')).toBe('gzip')
    expect(again.headers.get('x-micro-cache')).toBe('HIT')
    expect(await again.text()).toBe(firstBody)
    expect(again.headers.get('content-length')).toBe(first.headers.get('content-length'))
  })
})

/** The draft-mode cookie the enable route gives, as `name=value`. */
async function draftCookie(url: string) {
  const enable = await fetch(`${url}/api/draft-mode/enable?secret=${E2E_PREVIEW_SECRET}&redirect=/`, {redirect: 'manual'})
  return /__prerender_bypass=[^;]+/.exec(enable.headers.get('set-cookie') ?? '')![0]
}

describe.each([
  ['plain next start', true],
  ['npm start', false],
])('%s against a bogus draft-mode cookie', (_, plain) => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startProductionServer({}, [], {plain})
  })
  afterAll(() => server?.stop())

  /** The policy a reader page is sent with. */
  const policyOf = async (headers: Record<string, string> = {}) => {
    const response = await fetch(server.url + MODEL, {headers})
    await response.arrayBuffer()
    return cspDirectives(response.headers.get('content-security-policy'))
  }

  it("keeps a reader page's strict policy: nothing framed, scripts only from this origin", async () => {
    const strict = await policyOf()
    const bogus = await policyOf({cookie: '__prerender_bypass=bogus'})
    expect(bogus).toEqual(strict)
    expect({frame: bogus.get('frame-ancestors'), defaults: bogus.get('default-src')}).toEqual({
      frame: ["'none'"],
      defaults: plain ? ["'self'"] : ["'none'"],
    })
  })

  it("gives draft mode's own cookie the framing the Presentation tool needs", async () => {
    const draft = await policyOf({cookie: await draftCookie(server.url)})
    expect(draft.get('frame-ancestors')).toEqual(["'self'"])
  })
})

describe('npm start in a container (HOSTNAME is its own address, not 127.0.0.1)', () => {
  const dataset = copyDemoDataset()
  const token = randomBytes(32).toString('base64url')
  let server: RunningServer
  let lakePort: number
  let healthPort: number
  beforeAll(async () => {
    lakePort = await freePort()
    healthPort = await freePort()
    server = await startProductionServer(
      {
        BROADSHEET_DATASET_FILE: dataset.file,
        BROADSHEET_LOCAL_LAKE: '1',
        BROADSHEET_LAKE_PORT: String(lakePort),
        BROADSHEET_LAKE_TOKEN: token,
        BROADSHEET_HEALTH_PORT: String(healthPort),
      },
      [],
      {hostnameFromEnv: '127.0.0.2'},
    )
  })
  afterAll(async () => {
    await server?.stop()
    dataset.remove()
  })

  /** Publishes a new article through the lake; resolves with how long until the home page showed it (or never did, in 10 s). */
  const publishToHome = async (name: string) => {
    const act = lakeActions(`http://127.0.0.1:${lakePort}`, token)
    await (await fetch(`${server.url}/`)).text()
    const id = `container-${name}-${Date.now().toString(36)}`
    const title = `Published from a container ${id}`
    await act([createArticleDraft(id, title)])
    const published = performance.now()
    await act([publishDraft(id)])
    // waits well past the bound, so a failure says how late the page was, or that it never came
    const home = await eventually(
      () => fetch(`${server.url}/`).then((response) => response.text()),
      (html) => html.includes(title),
      10_000,
      20,
    )
    return {shown: home.includes(title), afterMs: Math.round(performance.now() - published)}
  }

  it('listens there, reaches itself, and shows a publish on the home page within a second', async () => {
    // The first publish a process sees loads /api/revalidate's code and renders the home page for the first time: on
    // this shared 2-core machine under load ~5 it showed after 1.4–1.6 s, alike on 127.0.0.1 (no HOSTNAME) and on
    // 127.0.0.2; the publishes after it, 0.23–0.35 s on both. So the bound is held on a server that has published once.
    expect(await publishToHome('first')).toEqual({shown: true, afterMs: expect.any(Number)})
    const {shown, afterMs} = await publishToHome('measured')
    expect({shown, withinOneSecond: afterMs <= 1_000, afterMs}).toMatchObject({shown: true, withinOneSecond: true})
    // the publish reached the page through the server's call to itself at its own address
    expect(server.output()).toMatch(/\[store\] dataset changed: revalidated .*\(now, 200\)/)
    expect(server.output()).not.toMatch(/revalidation failed/)
  })

  // the one streamed response the site has (reader pages are script-free, so search renders whole: README): its
  // first bytes arrive while it is still open, through npm start with `br, gzip` accepted. It is an API route (not a
  // front request) and an event stream (never compressed); compressed streaming flushes are
  // tests/unit/node/front/encoding.test.ts's
  it("streams draft mode's change events as they happen: not compressed, not held back", async () => {
    const cookie = await draftCookie(server.url)
    let received = ''
    const arrivals = new Set<() => void>()
    const arrived = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => received.includes(text) && (arrivals.delete(check), resolve())
        arrivals.add(check)
        check()
      })
    const request = http.get(`${server.url}/api/draft-mode/changes`, {headers: {cookie, 'accept-encoding': 'br, gzip'}})
    const response = await new Promise<http.IncomingMessage>((resolve) => request.once('response', resolve))
    response.setEncoding('utf8')
    response.on('data', (chunk: string) => ((received += chunk), arrivals.forEach((check) => check())))
    try {
      expect({status: response.statusCode, type: response.headers['content-type'], encoding: response.headers['content-encoding']}).toEqual(
        {
          status: 200,
          type: expect.stringMatching(/^text\/event-stream/),
          encoding: undefined,
        },
      )
      await arrived(': connected')
      // the first chunk is here, and the response goes on
      expect(response.complete).toBe(false)
      // an edit in the Studio reaches the open stream as an event, while the response goes on
      const id = `stream-${Date.now().toString(36)}`
      await lakeActions(`http://127.0.0.1:${lakePort}`, token)([createArticleDraft(id, `Streamed ${id}`)])
      await arrived('event: change')
      expect(response.complete).toBe(false)
    } finally {
      request.destroy()
    }
  })

  /** GET /healthz on the health probe's port, at `host`: status and body, or the connection error's code. */
  const probe = (host = '127.0.0.2') =>
    new Promise<{status: number; body: string} | string>((resolve) =>
      http
        .get({host, port: healthPort, path: '/healthz', agent: false}, (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (body += chunk))
          res.on('end', () => resolve({status: res.statusCode!, body}))
        })
        .on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message)),
    )

  it("answers the health probe on BROADSHEET_HEALTH_PORT at the server's own address, and the site's /healthz as before", async () => {
    expect(await probe()).toEqual({status: 200, body: 'ok\n'})
    // bound where the site is bound, and only there
    expect(await probe('127.0.0.1')).toBe('ECONNREFUSED')
    const site = await fetch(`${server.url}/healthz`)
    expect({status: site.status, body: await site.text()}).toEqual({status: 200, body: 'ok\n'})
  })

  // last in this block: it stops the server
  it('turns the probe to 503 `shutting down` at SIGTERM while a response is in flight, and closes it with the process', async () => {
    // a POST whose body never comes: a response in flight that the drain waits for. `Expect: 100-continue` makes the
    // server say when it has the request (its 100 goes out as the request is handed to the server's handlers)
    const held = http.request(`${server.url}/api/revalidate`, {
      method: 'POST',
      headers: {'content-type': 'application/json', 'content-length': '100', expect: '100-continue'},
    })
    held.on('error', () => {})
    await new Promise((resolve) => (held.once('continue', resolve), held.flushHeaders()))
    held.write('{')
    const exited = new Promise((resolve) => server.process.once('exit', resolve))
    server.process.kill('SIGTERM')
    const said = await eventually(
      async () => server.output(),
      (output) => output.includes('SIGTERM: no new connections'),
      10_000,
      20,
    )
    expect(said).toContain('SIGTERM: no new connections')
    expect(await probe()).toEqual({status: 503, body: 'shutting down\n'})
    held.destroy()
    expect(await exited).toBe(0)
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(healthPort, '127.0.0.2', () => (socket.destroy(), resolve('connected')))
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    })
    expect(refused).toBe('ECONNREFUSED')
  })
})
