// One writer per dataset file across processes: a second server serves reads, refuses saves naming the writer
// (503 from the lake), and takes over, with every acknowledged commit, once the writer is killed.
import fs from 'node:fs'
import path from 'node:path'
import {EmbeddedStore, WriterLockedError, readDataset} from '@/lib/offline/store/store'
import {journalPaths} from '@/lib/offline/store/journal/paths'
import {journalBytes} from '../../../support/journal'
import {WriterLock} from '@/lib/offline/store/writer-lock'
import {startCrashChild} from '../../../support/crash-child'
import {FIXTURES} from '../../../support/demo'
import {startTestLake, TEST_LAKE_TOKEN} from '../../../support/lake'
import {tempDataset, type TempDataset} from '../../../support/temp-dataset'

const fixture = readDataset(path.join(FIXTURES, 'drafts.ndjson'))
let dataset: TempDataset
let warnings: string[]
beforeEach(() => {
  dataset = tempDataset(fixture, {images: 'none', prefix: 'broadsheet-lock-'})
  warnings = []
  jest.spyOn(console, 'warn').mockImplementation((message) => void warnings.push(String(message)))
  jest.spyOn(console, 'log').mockImplementation(() => {})
})
afterEach(() => {
  dataset.remove()
  jest.restoreAllMocks()
})

const note = (n: number) => new Map([['note-here', {_id: 'note-here', _type: 'note', n}]])
const lockFile = () => path.join(journalPaths(dataset.file).dir, `${path.basename(dataset.file)}.writer.json`)

it('a second process serves reads, answers saves with a 503 naming the writer, and takes over after a SIGKILL with nothing lost', async () => {
  // the writer: commits as fast as it can and never compacts, so its commits are in its log only
  const writer = startCrashChild(dataset.file, {COMPACT_AFTER_MS: '600000'})
  try {
    await writer.until(() => writer.state.acknowledged >= 20)
    const pid = JSON.parse(fs.readFileSync(lockFile(), 'utf8')).pid
    expect(pid).not.toBe(process.pid)

    const lake = await startTestLake({file: dataset.file, assetsDir: dataset.images, token: TEST_LAKE_TOKEN})
    try {
      expect(warnings.join('\n')).toContain(`is written by another server (pid ${pid}`)
      // reads: the file, and the writer's log replayed in memory
      expect(lake.store.view('raw').byId.get('article-a')).toBeDefined()
      expect(() => lake.store.commit(note(1))).toThrow(WriterLockedError)
      // what lives in memory only (the Presentation tool's preview secrets) needs no writer
      lake.store.commit(new Map([['secret-1', {_id: 'secret-1', _type: 'sanity.previewUrlSecret', secret: 'shh'}]]))
      const response = await fetch(`${lake.apiHost}/v2025-02-19/data/mutate/production`, {
        method: 'POST',
        headers: {Authorization: `Bearer ${TEST_LAKE_TOKEN}`, 'Content-Type': 'application/json'},
        body: JSON.stringify({mutations: [{createOrReplace: {_id: 'note-here', _type: 'note'}}]}),
      })
      expect(response.status).toBe(503)
      expect((await response.json()).message).toMatch(
        new RegExp(`written by another server \\(pid ${pid}.*takes over as soon as it has stopped`),
      )
      // the refused save wrote nothing
      expect(journalBytes(dataset.file).toString('utf8')).not.toContain('note-here')
      // through HTTP too, a preview secret (the Presentation tool's, in memory only) and a dry run need no writer
      for (const [mutation, query] of [
        [{createOrReplace: {_id: 'secret-2', _type: 'sanity.previewUrlSecret', secret: 'shh'}}, ''],
        [{createOrReplace: {_id: 'note-dry', _type: 'note'}}, '?dryRun=true'],
      ] as const) {
        const answer = await fetch(`${lake.apiHost}/v2025-02-19/data/mutate/production${query}`, {
          method: 'POST',
          headers: {Authorization: `Bearer ${TEST_LAKE_TOKEN}`, 'Content-Type': 'application/json'},
          body: JSON.stringify({mutations: [mutation]}),
        })
        expect(answer.status).toBe(200)
      }

      const {signal} = await writer.kill('SIGKILL')
      expect(signal).toBe('SIGKILL')
      const acknowledged = writer.state.acknowledged
      // the next save takes over before it reads the documents: it builds on the dead writer's last acknowledged commit
      const patched = await fetch(`${lake.apiHost}/v2025-02-19/data/mutate/production?returnDocuments=true`, {
        method: 'POST',
        headers: {Authorization: `Bearer ${TEST_LAKE_TOKEN}`, 'Content-Type': 'application/json'},
        body: JSON.stringify({mutations: [{patch: {id: 'crash-counter', inc: {n: 1000}}}]}),
      })
      expect(patched.status).toBe(200)
      // (the log may hold one more than was printed: committed, killed before it printed)
      const replayed = (lake.store.view('raw').byId.get('crash-counter')?.n as number) - 1000
      expect(replayed).toBeGreaterThanOrEqual(acknowledged)
      lake.store.commit(note(2))
      expect(lake.store.view('raw').byId.get('note-here')?.n).toBe(2)
      expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid)
      await lake.store.compact()
      const onDisk = new Map(readDataset(dataset.file).map((doc) => [doc._id, doc]))
      expect(onDisk.get('crash-counter')?.n).toBe(replayed + 1000)
      expect(onDisk.get('note-here')?.n).toBe(2)
    } finally {
      await lake.close()
    }
    expect(fs.existsSync(lockFile())).toBe(false)
  } finally {
    await writer.kill('SIGKILL')
  }
}, 30_000)

it('a read-only store (a build, a server without the lake) takes no lock and never blocks the writer', async () => {
  const reader = new EmbeddedStore(dataset.file, {readOnly: true})
  expect(fs.existsSync(lockFile())).toBe(false)
  const store = new EmbeddedStore(dataset.file)
  store.commit(note(1))
  expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid)
  await store.close()
  await reader.close()
})

it('a lock another machine left (a container before its restart) is stale once untouched for a minute', () => {
  const dir = journalPaths(dataset.file).dir
  fs.mkdirSync(dir, {recursive: true})
  const other = {pid: 1, hostname: 'a-container-that-is-gone', since: '2026-01-01T00:00:00.000Z'}
  fs.writeFileSync(lockFile(), JSON.stringify(other))
  const lock = new WriterLock(dir, path.basename(dataset.file))
  expect(lock.acquire()).toEqual(other)
  const longAgo = new Date(Date.now() - 120_000)
  fs.utimesSync(lockFile(), longAgo, longAgo)
  expect(lock.acquire()).toBeNull()
  expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid)
  lock.release()
  expect(fs.existsSync(lockFile())).toBe(false)
})
