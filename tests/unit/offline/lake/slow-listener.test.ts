// A listener whose client stops reading (a paused tab) is dropped once its unsent events pass a bound, instead of
// the lake buffering them without end; a client that reads is never dropped.
import net from 'node:net'
import path from 'node:path'
import {readDataset} from '@/lib/offline/store/store'
import {SSE_MAX_UNSENT_BYTES, SSE_STALL_MS} from '@/lib/offline/lake/http'
import {FIXTURES} from '../../../support/demo'
import {startTestLake, TEST_LAKE_TOKEN} from '../../../support/lake'
import {tempDataset} from '../../../support/temp-dataset'

const padding = 'x'.repeat(100 * 1024)

/**
 * A listener on notes, as the Studio opens one, over a plain socket; resolves once the lake has welcomed it. One that
 * does not `read` stops reading from the socket then, as a paused tab does.
 */
function listen(apiHost: string, {read}: {read: boolean}) {
  const {hostname, port} = new URL(apiHost)
  const query = encodeURIComponent('*[_type == "note"]')
  return new Promise<{received: () => number; closed: Promise<void>; resume: () => void; stop: () => void}>((resolve, reject) => {
    const socket = net.connect(Number(port), hostname)
    let received = 0
    const closed = new Promise<void>((done) => socket.once('close', () => done()))
    socket.on('error', () => {})
    socket.once('connect', () =>
      socket.write(
        `GET /v2025-02-19/data/listen/production?query=${query}&includeResult=true HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          `Authorization: Bearer ${TEST_LAKE_TOKEN}\r\n\r\n`,
      ),
    )
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (!chunk.includes('welcome')) return
      if (!read) socket.pause()
      resolve({received: () => received, closed, resume: () => socket.resume(), stop: () => socket.destroy()})
    })
    socket.once('close', () => reject(new Error('closed before the welcome')))
  })
}

it('drops a stream whose client stopped reading once it holds more than the bound unsent; a reading one keeps its stream', async () => {
  const dataset = tempDataset(readDataset(path.join(FIXTURES, 'drafts.ndjson')), {images: 'none', prefix: 'broadsheet-slow-'})
  const lake = await startTestLake({file: dataset.file, assetsDir: dataset.images, token: TEST_LAKE_TOKEN})
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
  try {
    const paused = await listen(lake.apiHost, {read: false})
    const reading = await listen(lake.apiHost, {read: true})
    const dropped = () =>
      warn.mock.calls.some(([message]) => /dropped a listener stream whose client stopped reading/.test(String(message)))
    // past what the socket buffers take in and the bound on top
    const commits = Math.ceil((4 * SSE_MAX_UNSENT_BYTES) / padding.length)
    for (let n = 0; n < commits; n++) {
      lake.store.commit(new Map([[`note-${n % 10}`, {_id: `note-${n % 10}`, _type: 'note', n, padding}]]))
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    // not at once (a burst may yet drain), but once the backlog has stood for SSE_STALL_MS
    expect(dropped()).toBe(false)
    const started = Date.now()
    while (!dropped() && Date.now() - started < SSE_STALL_MS + 10_000) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(dropped()).toBe(true)
    // the paused client, reading again, finds its stream ended
    paused.resume()
    await paused.closed
    // one stream dropped: the reader's never was
    expect(warn.mock.calls.filter(([message]) => /dropped a listener stream/.test(String(message)))).toHaveLength(1)
    // the reader kept its stream and got the events (each carries its 100 KB document)
    let readerClosed = false
    void reading.closed.then(() => (readerClosed = true))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(readerClosed).toBe(false)
    expect(reading.received()).toBeGreaterThan(SSE_MAX_UNSENT_BYTES)
    reading.stop()
  } finally {
    warn.mockRestore()
    await lake.close()
    dataset.remove()
  }
}, 60_000)
