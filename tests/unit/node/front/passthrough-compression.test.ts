// What `npm start` compresses beside the front (Next's files, the API, the Studio), with the middleware as start.mjs
// composes it (lib/node/front/passthrough-compression.mjs), on a real HTTP server and real zlib: every zlib stream it
// opens is counted through Node's own zlib factories, and must be closed when its response closes.
import {randomBytes} from 'node:crypto'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import type {Duplex} from 'node:stream'
import zlib from 'node:zlib'
import {createPassThroughCompression} from '@/lib/node/front/passthrough-compression.mjs'
import {restoreZlib, wrapZlib} from '../../../support/zlib-in-place'

afterEach(restoreZlib)

/** Every zlib compressor opened while a test runs, through Node's own factories, and how many of them have closed. */
function countCompressors() {
  const opened: Duplex[] = []
  let closed = 0
  for (const factory of ['createGzip', 'createBrotliCompress', 'createDeflate'] as const)
    wrapZlib(
      factory,
      (original) =>
        ((options?: zlib.ZlibOptions & zlib.BrotliOptions) => {
          const stream = (original as (options?: object) => Duplex)(options)
          opened.push(stream)
          stream.once('close', () => closed++)
          return stream
        }) as never,
    )
  return {opened, closed: () => closed}
}

/** A large script (as the Studio's bundles are), sent as Next sends a file: in chunks, as fast as the client takes them. */
const BODY = Buffer.from(randomBytes(3 * 2 ** 20).toString('base64'))
const CHUNK = 64 * 1024

/**
 * The middleware, and behind it a stand-in for Next that streams BODY; `responses` resolves as each response closes.
 * The stand-in sends the first half, then waits for `midway()` before the rest.
 */
async function startServer({log = () => {}, midway = async () => {}}: {log?: (line: string) => void; midway?: () => Promise<void>} = {}) {
  const compress = createPassThroughCompression({log})
  const closedResponses: Promise<void>[] = []
  const server = http.createServer((req, res) => {
    closedResponses.push(new Promise((resolve) => res.once('close', resolve)))
    compress(req, res, () => {
      res.setHeader('Content-Type', 'application/javascript; charset=utf-8')
      let sent = 0
      let halfway: Promise<void> | undefined
      let passed = false
      const pump = () => {
        while (sent < BODY.length) {
          if (sent >= BODY.length / 2 && !passed) {
            halfway ??= midway().then(() => ((passed = true), pump()))
            return
          }
          if (!res.write(BODY.subarray(sent, (sent += CHUNK)))) return
        }
        if (!res.writableEnded) res.end()
      }
      res.on('drain', pump)
      pump()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    allClosed: () => Promise.all(closedResponses),
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  }
}

/** A download that the client abandons at its first bytes. */
const abandon = (port: number, encoding: string) =>
  new Promise<void>((resolve, reject) => {
    const request = http.get(
      {host: '127.0.0.1', port, path: '/_next/static/chunks/studio.js', headers: {'accept-encoding': encoding}},
      (res) => {
        expect(res.headers['content-encoding']).toBe(encoding)
        res.once('data', () => (request.destroy(), resolve()))
      },
    )
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve() : reject(error)))
  })

/** A whole download: its bytes as sent, and whether it ended as HTTP says it should. */
const download = (port: number, encoding: string, onFirstBytes: () => void = () => {}) =>
  new Promise<{complete: boolean; bytes: number; body: Buffer}>((resolve, reject) => {
    http
      .get({host: '127.0.0.1', port, path: '/_next/static/chunks/studio.js', headers: {'accept-encoding': encoding}}, (res) => {
        let bytes = 0
        const body: Buffer[] = []
        res.once('data', onFirstBytes)
        res.on('data', (chunk: Buffer) => (bytes += chunk.length))
        res.on('data', (chunk: Buffer) => body.push(chunk))
        // a cut response ends with an 'error' (aborted), then 'close'
        res.on('error', () => {})
        res.on('close', () => resolve({complete: res.complete, bytes, body: Buffer.concat(body)}))
      })
      .on('error', reject)
  })

/** Once every response has closed: how many compressors were opened, and how many are closed. */
async function compressorsOnceResponsesClosed(
  server: {allClosed: () => Promise<unknown>},
  compressors: ReturnType<typeof countCompressors>,
) {
  await server.allClosed()
  // a destroyed stream says 'close' on the next tick
  await new Promise(setImmediate)
  return {opened: compressors.opened.length, closed: compressors.closed()}
}

describe('compression beside the front', () => {
  it('closes the zlib stream of every download the client abandons mid-body', async () => {
    const compressors = countCompressors()
    const server = await startServer()
    try {
      for (const encoding of ['br', 'gzip', 'br', 'gzip', 'br', 'gzip']) await abandon(server.port, encoding)
      expect(await compressorsOnceResponsesClosed(server, compressors)).toEqual({opened: 6, closed: 6})
    } finally {
      await server.close()
    }
  })

  it('closes the stream of a download that completes, and the body decodes whole', async () => {
    const compressors = countCompressors()
    const server = await startServer()
    try {
      const chunks: Buffer[] = []
      await new Promise<void>((resolve, reject) =>
        http
          .get({host: '127.0.0.1', port: server.port, path: '/', headers: {'accept-encoding': 'gzip'}}, (res) => {
            res.on('data', (chunk: Buffer) => chunks.push(chunk))
            res.on('end', resolve)
          })
          .on('error', reject),
      )
      expect(zlib.gunzipSync(Buffer.concat(chunks)).equals(BODY)).toBe(true)
      expect(await compressorsOnceResponsesClosed(server, compressors)).toEqual({opened: 1, closed: 1})
    } finally {
      await server.close()
    }
  })

  it('cuts the response when its compressor fails, never ends it as complete, logs the cause once, and goes on', async () => {
    const compressors = countCompressors()
    const lines: string[] = []
    // the stand-in for Next holds its second half back until the compressor has failed: no race with the body's end
    let failed!: () => void
    let compressorFailed: Promise<void>
    const server = await startServer({log: (line) => lines.push(line), midway: () => compressorFailed})
    try {
      for (let i = 0; i < 2; i++) {
        compressorFailed = new Promise((resolve) => (failed = resolve))
        // a real zlib stream that fails mid-body, as one would on an allocation failure
        const failMidBody = () => {
          compressors.opened.at(-1)!.destroy(Object.assign(new Error('deflate ran out of memory'), {code: 'Z_MEM_ERROR'}))
          failed()
        }
        const result = await download(server.port, 'gzip', failMidBody)
        expect(result.complete).toBe(false)
        // what arrived is from the first half at most
        const arrived = zlib.gunzipSync(result.body, {finishFlush: zlib.constants.Z_SYNC_FLUSH})
        expect(arrived.length).toBeLessThanOrEqual(BODY.length / 2)
        expect(arrived.equals(BODY.subarray(0, arrived.length))).toBe(true)
      }
      expect(lines).toEqual([
        expect.stringMatching(/compressing \/_next\/static\/chunks\/studio\.js failed \(deflate ran out of memory\): its response is cut/),
      ])
    } finally {
      await server.close()
    }
  })

  it('says once when compression set Content-Encoding but handed on no zlib stream to close', async () => {
    const lines: string[] = []
    const server = await startServer({log: (line) => lines.push(line)})
    // as under a later compression whose res.on('drain') no longer hands on its stream: the stream's own on returns nothing
    wrapZlib(
      'createGzip',
      (original) =>
        ((options) => {
          const stream = original(options)
          const on = stream.on.bind(stream)
          stream.on = ((type: string, listener: () => void) => (
            on(type, listener),
            type === 'drain' ? undefined : stream
          )) as typeof stream.on
          return stream
        }) as typeof original,
    )
    try {
      for (let i = 0; i < 2; i++) expect((await download(server.port, 'gzip')).complete).toBe(true)
      expect(lines).toEqual([expect.stringMatching(/compression set Content-Encoding but .* found no zlib stream/)])
    } finally {
      await server.close()
    }
  })
})
