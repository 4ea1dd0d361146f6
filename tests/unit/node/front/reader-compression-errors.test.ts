// When zlib fails under the front (lib/node/front/reader-response.mjs): a page whose head is not out yet goes
// uncompressed, one whose head is out is cut (never ended as if complete), and one log line per cause. On a real HTTP
// server; zlib is made to fail in place (tests/support/zlib-in-place.ts), since nothing else makes it fail on demand.
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import type {Duplex} from 'node:stream'
import zlib from 'node:zlib'
import {createReaderFront} from '@/lib/node/front/reader-front.mjs'
import {restoreZlib, wrapZlib} from '../../../support/zlib-in-place'

const POLICY = "default-src 'none'; script-src 'none'"
const STORY = `<h1>Story</h1>${'<p>A paragraph of the story, long enough to be worth compressing.</p>'.repeat(40)}`
const PAGE = `<!DOCTYPE html><html><head><script src="/_next/static/chunks/a.js" async=""></script></head><body>${STORY}</body></html>`
const SCRIPT_FREE = `<!DOCTYPE html><html><head></head><body>${STORY}</body></html>`
/** A zlib failure. Each test starts a front of its own, whose log tells each cause once: the tests share none. */
const failure = (code: string) => Object.assign(new Error(`deflate failed (${code})`), {code})

let lines: string[]
let close: () => Promise<unknown>
beforeEach(() => {
  lines = []
  jest.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line))
})
afterEach(async () => {
  restoreZlib()
  jest.restoreAllMocks()
  await close?.()
})

/**
 * The front before a stand-in for Next: a page from its ISR cache (taken whole) or rendered now (streamed in two
 * parts, flushed between them; `between` runs there, and the rest waits for it).
 */
async function startFront({cached, between = async () => {}}: {cached: boolean; between?: () => Promise<void>}) {
  const front = createReaderFront({policy: POLICY, previewModeId: 'preview-id'})
  const server = http.createServer((req, res) => {
    if (front(req, res)) return
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    if (cached) {
      res.setHeader('x-nextjs-cache', 'HIT')
      res.setHeader('Cache-Control', 's-maxage=300')
      return void res.end(PAGE)
    }
    res.setHeader('Cache-Control', 'private, no-cache, no-store, max-age=0, must-revalidate')
    const half = PAGE.length / 2
    res.write(PAGE.slice(0, half))
    ;(res as unknown as {flush: () => void}).flush()
    void between().then(() => res.end(PAGE.slice(half)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  close = () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A GET as curl makes it, without decoding: status, encoding, the bytes, and whether the response ended as HTTP says. */
const get = (url: string, onHead: () => void = () => {}) =>
  new Promise<{status: number; encoding?: string; body: Buffer; complete: boolean}>((resolve, reject) =>
    http
      .get(url, {headers: {'accept-encoding': 'gzip'}}, (res) => {
        onHead()
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        const done = () =>
          resolve({status: res.statusCode!, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks), complete: res.complete})
        // a response cut short ends with an 'error' (aborted) and then 'close'; one that ends as HTTP says, with 'close' too
        res.on('error', () => {})
        res.on('close', done)
      })
      .on('error', reject),
  )

/** The gzip streams opened, counted; `fail` makes the last one fail. */
function failingGzipStreams() {
  const streams: Duplex[] = []
  wrapZlib(
    'createGzip',
    (original) =>
      ((options) => {
        const stream = original(options)
        streams.push(stream)
        return stream
      }) as typeof original,
  )
  return {fail: () => void streams.at(-1)!.destroy(failure('Z_DATA_ERROR')), count: () => streams.length}
}

describe('compression errors under the front', () => {
  it('sends a cached page uncompressed when zlib fails, and logs the cause once', async () => {
    wrapZlib(
      'gzip',
      () => ((_: unknown, __: unknown, callback: (error: Error) => void) => setImmediate(() => callback(failure('Z_DATA_ERROR')))) as never,
    )
    const url = await startFront({cached: true})
    for (const path of ['/articles/a', '/articles/b']) {
      const response = await get(url + path)
      expect({...response, body: response.body.toString()}).toEqual({status: 200, encoding: undefined, body: SCRIPT_FREE, complete: true})
    }
    expect(lines).toEqual([
      expect.stringMatching(/compressing \/articles\/a failed \(deflate failed \(Z_DATA_ERROR\)\): sending it uncompressed/),
    ])
  })

  it('sends a streamed page uncompressed when its compressor fails before the head is out', async () => {
    const gzip = failingGzipStreams()
    // the compressor fails before it has given out a byte: the flush that would have sent the head is not done yet
    wrapZlib(
      'createGzip',
      (counted) =>
        ((options) => {
          const stream = counted(options)
          stream.flush = () => void stream.destroy(failure('Z_DATA_ERROR'))
          return stream
        }) as typeof counted,
    )
    const url = await startFront({cached: false})
    const response = await get(`${url}/search?q=story`)
    expect(gzip.count()).toBe(1)
    expect({...response, body: response.body.toString()}).toEqual({status: 200, encoding: undefined, body: SCRIPT_FREE, complete: true})
    expect(lines).toEqual([expect.stringMatching(/compressing \/search\?q=story failed .*: sending it uncompressed/)])
  })

  it('cuts a streamed page, never ends it as complete, when its compressor fails after the head is out', async () => {
    const gzip = failingGzipStreams()
    let headArrived!: () => void
    const head = new Promise<void>((resolve) => (headArrived = resolve))
    // the first part is out, head and all, when the compressor fails; the second is written after
    const url = await startFront({cached: false, between: () => head.then(gzip.fail)})
    const response = await get(`${url}/search?q=story`, headArrived)
    expect(response).toMatchObject({status: 200, encoding: 'gzip', complete: false})
    // what arrived is the first part at most: the second half is withheld, not sent as if it were all
    const arrived = zlib.gunzipSync(response.body, {finishFlush: zlib.constants.Z_SYNC_FLUSH}).toString()
    expect(SCRIPT_FREE.startsWith(arrived)).toBe(true)
    expect(arrived).not.toContain(PAGE.slice(PAGE.length / 2))
    expect(lines).toEqual([expect.stringMatching(/compressing \/search\?q=story failed .* after its head was sent: cutting the response/)])
  })
})
