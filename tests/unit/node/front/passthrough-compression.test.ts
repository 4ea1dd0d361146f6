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

/** The middleware, and behind it a stand-in for Next that streams BODY; `responses` resolves as each response closes. */
async function startServer(log: (line: string) => void = () => {}) {
  const compress = createPassThroughCompression({log})
  const closedResponses: Promise<void>[] = []
  const server = http.createServer((req, res) => {
    closedResponses.push(new Promise((resolve) => res.once('close', resolve)))
    compress(req, res, () => {
      res.setHeader('Content-Type', 'application/javascript; charset=utf-8')
      let sent = 0
      const pump = () => {
        while (sent < BODY.length) if (!res.write(BODY.subarray(sent, (sent += CHUNK)))) return
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

/** A whole download: its body decoded, and whether it ended as HTTP says it should. */
const download = (port: number, encoding: string, onFirstBytes: () => void = () => {}) =>
  new Promise<{complete: boolean; bytes: number}>((resolve, reject) => {
    http
      .get({host: '127.0.0.1', port, path: '/_next/static/chunks/studio.js', headers: {'accept-encoding': encoding}}, (res) => {
        let bytes = 0
        res.once('data', onFirstBytes)
        res.on('data', (chunk: Buffer) => (bytes += chunk.length))
        res.on('end', () => resolve({complete: res.complete, bytes}))
        res.on('aborted', () => resolve({complete: false, bytes}))
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

  it('ends the response cleanly when its compressor fails, logging the cause once, and the process goes on', async () => {
    const compressors = countCompressors()
    const lines: string[] = []
    const server = await startServer((line) => lines.push(line))
    try {
      for (let i = 0; i < 2; i++) {
        // a real zlib stream that fails mid-body, as one would on an allocation failure
        const failMidBody = () =>
          compressors.opened.at(-1)!.destroy(Object.assign(new Error('deflate ran out of memory'), {code: 'Z_MEM_ERROR'}))
        const result = await download(server.port, 'gzip', failMidBody)
        expect(result.complete).toBe(true)
        expect(result.bytes).toBeLessThan(BODY.length)
      }
      expect(lines).toEqual([expect.stringMatching(/compressing \/_next\/static\/chunks\/studio\.js failed \(deflate ran out of memory\)/)])
    } finally {
      await server.close()
    }
  })
})
