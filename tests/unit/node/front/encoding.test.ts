// The front's compression on real zlib (lib/node/front/encoding.mjs).
import zlib from 'node:zlib'
import {compressBody, createStreamEncoder} from '@/lib/node/front/encoding.mjs'

describe('the streaming compressor', () => {
  it('reports an error to its sink instead of throwing it at the process', async () => {
    const chunks: Buffer[] = []
    const failed = new Promise<Error>((resolve) => {
      const encoder = createStreamEncoder('gzip', {write: (chunk) => chunks.push(chunk), end: () => {}, fail: resolve})
      encoder.end(Buffer.from('<p>a page</p>'), undefined)
      // zlib emits 'error' for this on the next tick; unheard, that ends the process
      encoder.write(Buffer.from('too late'))
    })
    expect((await failed) as NodeJS.ErrnoException).toMatchObject({code: 'ERR_STREAM_WRITE_AFTER_END'})
  })

  it('sends on what it holds at each flush, so a streamed page reaches the client in parts', async () => {
    const chunks: Buffer[] = []
    let ended!: () => void
    const done = new Promise<void>((resolve) => (ended = resolve))
    const encoder = createStreamEncoder('br', {
      write: (chunk) => chunks.push(chunk),
      end: () => ended(),
      fail: () => ended(),
    })
    encoder.write(Buffer.from('<!DOCTYPE html><html><head>'))
    await new Promise<void>((resolve) => encoder.flush(resolve))
    const first = Buffer.concat(chunks)
    expect(zlib.brotliDecompressSync(first, {finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH}).toString()).toBe(
      '<!DOCTYPE html><html><head>',
    )
    encoder.end(Buffer.from('</head></html>'), undefined)
    await done
    expect(zlib.brotliDecompressSync(Buffer.concat(chunks)).toString()).toBe('<!DOCTYPE html><html><head></head></html>')
  })
})

describe('whole bodies', () => {
  it.each(['br', 'gzip'] as const)('%s round-trips at both strengths', async (encoding) => {
    const body = Buffer.from('<p>Zoë’s story</p>'.repeat(500))
    const decode = encoding === 'br' ? zlib.brotliDecompressSync : zlib.gunzipSync
    for (const strength of ['fast', 'best'] as const) expect(decode(await compressBody(body, encoding, strength)).equals(body)).toBe(true)
  })
})
