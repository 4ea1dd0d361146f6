// The journal in one process: idle compaction, restarts, history, edits from outside, the old transaction log
// imported, a journal deleted by hand, and what never reaches the NDJSON file.
import fs from 'node:fs'
import path from 'node:path'
import {EmbeddedStore, type DatasetChange, type StoredDocument} from '@/lib/offline/store/store'
import {fsyncDirectory} from '@/lib/offline/store/durable-files'
import {digest} from '@/lib/offline/store/compaction'
import {journalPaths} from '@/lib/offline/store/journal/paths'
import {parseStrictly} from '../../../support/crash-child'
import {FIXTURES} from '../../../support/demo'
import {readDataset} from '@/lib/offline/store/store'
import {tempDataset, type TempDataset} from '../../../support/temp-dataset'
import {deleteJournal, journalBytes, journalTransactions} from '../../../support/journal'

const fixture = readDataset(path.join(FIXTURES, 'drafts.ndjson'))
const topic = (n: number): StoredDocument => ({
  _id: 'topic-log',
  _type: 'topic',
  title: `Topic ${n}`,
  slug: {_type: 'slug', current: 'log'},
})
const commit = (store: EmbeddedStore, doc: StoredDocument | null, id = 'topic-log', tx?: string) =>
  store.commit(new Map([[id, doc]]), {id: tx ?? `tx-${Math.random()}`, timestamp: new Date().toISOString(), author: 'tester'})
const quietly = <T>(run: () => T): T => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => {})
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
  try {
    return run()
  } finally {
    log.mockRestore()
    warn.mockRestore()
  }
}

let dataset: TempDataset
const stores: EmbeddedStore[] = []
const open = (compactAfterMs = 60_000) => {
  const store = quietly(() => new EmbeddedStore(dataset.file, {compactAfterMs}))
  stores.push(store)
  return store
}
beforeEach(() => (dataset = tempDataset(fixture, {images: 'none', prefix: 'broadsheet-journal-'})))
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  dataset.remove()
})

it('a commit returns once it is in the journal; the file follows after an idle second, not before', async () => {
  const store = open(1000)
  const before = fs.readFileSync(dataset.file)
  const started = Date.now()
  commit(store, topic(1))
  expect(fs.readFileSync(dataset.file).equals(before)).toBe(true)
  expect(journalBytes(dataset.file).toString('utf8')).toContain('Topic 1')
  expect(await store.query('*[_id == "topic-log"][0].title')).toBe('Topic 1')
  while (!parseStrictly(dataset.file).has('topic-log')) {
    expect(Date.now() - started).toBeLessThan(2000)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  expect(Date.now() - started).toBeGreaterThanOrEqual(900)
})

it('the file keeps its lines and order: an edit changes its own line, a new document is appended', async () => {
  const store = open()
  const lines = fs.readFileSync(dataset.file, 'utf8').split('\n').filter(Boolean)
  const edited = {...fixture[2], title: 'Edited in place'}
  store.commit(new Map([[edited._id, edited]]))
  commit(store, topic(1))
  await store.compact()
  const after = fs.readFileSync(dataset.file, 'utf8').split('\n').filter(Boolean)
  expect(after.filter((line, i) => line !== lines[i]).map((line) => JSON.parse(line)._id)).toEqual([edited._id, 'topic-log'])
})

it('replays on start what the file lacks, and history holds every transaction across compactions and restarts', async () => {
  const first = open()
  commit(first, topic(1), undefined, 'a')
  await first.compact()
  commit(first, topic(2), undefined, 'b')
  commit(first, null, 'article-a', 'c')
  first.close()

  const second = open()
  expect(await second.query('*[_id == "topic-log"][0].title')).toBe('Topic 2')
  expect(second.view('raw').byId.has('article-a')).toBe(false)
  expect(parseStrictly(dataset.file).get('topic-log')!.title).toBe('Topic 1')
  const history = journalTransactions(second)
  expect(history.map((tx) => tx.id)).toEqual(['a', 'b', 'c'])
  expect(history[1]).toMatchObject({author: 'tester', writes: [{id: 'topic-log', before: topic(1), after: topic(2)}]})
  expect(history[2].writes[0]).toMatchObject({id: 'article-a', after: null, before: {_id: 'article-a'}})
  await second.compact()
  commit(second, topic(3), undefined, 'd')
  expect(journalTransactions(second).map((tx) => tx.id)).toEqual(['a', 'b', 'c', 'd'])
  second.close()
  expect(journalTransactions(open()).map((tx) => tx.id)).toEqual(['a', 'b', 'c', 'd'])
})

it('imports the transaction log from before the journal at first open, replays what the file lacks, and retires it', async () => {
  const paths = journalPaths(dataset.file)
  const article = fixture.find((doc) => doc._id === 'article-a')!
  const entries = [
    {seq: 1, id: 'a', timestamp: '2026-01-01T10:00:00.000Z', author: 'tester', writes: [{id: 'topic-log', before: null, after: topic(1)}]},
    {
      seq: 2,
      id: 'b',
      timestamp: '2026-01-01T10:00:01.000Z',
      author: 'tester',
      writes: [{id: 'topic-log', before: {$seq: 1}, after: topic(2)}],
    },
    {seq: 3, id: 'c', timestamp: '2026-01-01T10:00:02.000Z', author: 'tester', writes: [{id: 'article-a', before: article, after: null}]},
  ]
  fs.mkdirSync(paths.dir, {recursive: true})
  // the file holds commit 1 only (its marker says so); 2 and 3 were acknowledged before a crash; a torn line follows
  dataset.write([...fixture, topic(1)])
  const marks = [{digest: digest(fs.readFileSync(dataset.file)), seq: 1, offset: 0}]
  fs.writeFileSync(paths.legacyMarker, JSON.stringify({files: marks}))
  fs.writeFileSync(paths.legacyLog, entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n{"seq":4,"id":"torn","wri')

  // a build before the first server: it reads the old log in memory and changes nothing on disk
  const listing = fs.readdirSync(paths.dir).sort()
  const reader = quietly(() => new EmbeddedStore(dataset.file, {readOnly: true}))
  expect(reader.view('raw').byId.get('topic-log')!.title).toBe('Topic 2')
  expect(journalTransactions(reader).map((tx) => tx.id)).toEqual(['a', 'b', 'c'])
  await reader.close()
  expect(fs.readdirSync(paths.dir).sort()).toEqual(listing)

  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
  const imported = jest.spyOn(console, 'log').mockImplementation(() => {})
  const first = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
  stores.push(first)
  expect(warn.mock.calls.map(String).join()).toContain('torn last line')
  expect(imported.mock.calls.map(String).join()).toContain('imported 3 transactions')
  warn.mockRestore()
  imported.mockRestore()
  expect(first.view('raw').byId.get('topic-log')!.title).toBe('Topic 2')
  expect(first.view('raw').byId.has('article-a')).toBe(false)
  const history = journalTransactions(first)
  expect(history.map((tx) => tx.id)).toEqual(['a', 'b', 'c'])
  expect(history[1]).toMatchObject({
    timestamp: entries[1].timestamp,
    author: 'tester',
    writes: [{id: 'topic-log', before: topic(1), after: topic(2)}],
  })
  expect(history[2].writes).toEqual([{id: 'article-a', before: article, after: null}])
  // the old log is kept under another name, never read again; its marker is gone
  expect(fs.existsSync(paths.legacyLog)).toBe(false)
  expect(fs.existsSync(paths.legacyMarker)).toBe(false)
  expect(fs.readFileSync(paths.retired, 'utf8')).toContain('"id":"torn"')
  commit(first, topic(3), undefined, 'd')
  await first.close()
  const again = open()
  expect(again.view('raw').byId.get('topic-log')!.title).toBe('Topic 3')
  expect(journalTransactions(again).map((tx) => tx.id)).toEqual(['a', 'b', 'c', 'd'])
})

it('a file edited while the server is down keeps the saves it lacked: they are merged into it at start', async () => {
  const store = open()
  commit(store, topic(1), undefined, 'pending')
  store.close()
  // a crash (no compaction at shutdown), then a git checkout before the next start
  dataset.write([...fixture, {_id: 'topic-outside', _type: 'topic', title: 'From a git pull'}])
  const again = open()
  expect(again.view('raw').byId.get('topic-log')!.title).toBe('Topic 1')
  expect(again.view('raw').byId.has('topic-outside')).toBe(true)
  expect(journalTransactions(again).map((tx) => tx.id)).toEqual(['pending'])
  // a commit after it is replayed onto the merged file
  commit(again, topic(2), undefined, 'after')
  again.close()
  const third = open()
  expect(third.view('raw').byId.get('topic-log')!.title).toBe('Topic 2')
  expect(third.view('raw').byId.has('topic-outside')).toBe(true)
})

it('our own compaction is not reloaded as an edit from outside', async () => {
  const store = open(10)
  store.watch()
  const heard: DatasetChange[] = []
  store.onChange((change) => heard.push(change))
  commit(store, topic(1))
  const version = store.version
  while (!parseStrictly(dataset.file).has('topic-log')) await new Promise((resolve) => setTimeout(resolve, 10))
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(heard).toHaveLength(1)
  expect(store.version).toBe(version)
})

it('the NDJSON holds documents only: no journal data, no preview secrets; a secret alone is never logged', async () => {
  const store = open()
  commit(store, topic(1))
  commit(store, {_id: 'secret-1', _type: 'sanity.previewUrlSecret', secret: 'shh'}, 'secret-1', 'secret-only')
  await store.compact()
  const text = fs.readFileSync(dataset.file, 'utf8')
  expect(text).not.toContain('"writes"')
  expect(text).not.toContain('"seq"')
  expect(text).not.toContain('shh')
  for (const doc of parseStrictly(dataset.file).values()) expect(Object.keys(doc)).not.toContain('before')
  expect(journalTransactions(store).map((tx) => tx.id)).not.toContain('secret-only')
  expect(journalBytes(dataset.file).toString('utf8')).not.toContain('shh')
  // the journal lives in an ignored folder beside the file
  expect(path.relative(path.dirname(dataset.file), journalPaths(dataset.file).journal).split(path.sep)[0]).toBe('.broadsheet')
})

it('a store that only reads writes nothing but its writer lock: no journal; closed, it leaves nothing', async () => {
  const store = open()
  expect(fs.readdirSync(journalPaths(dataset.file).dir)).toEqual([`${path.basename(dataset.file)}.writer.json`])
  await store.close()
  expect(fs.readdirSync(journalPaths(dataset.file).dir)).toEqual([])
})

it('a read-only store (a build beside a running server) replays the journal but writes nothing', async () => {
  const writer = open()
  commit(writer, topic(1), undefined, 'a')
  const {journal} = journalPaths(dataset.file)
  const before = {file: fs.readFileSync(dataset.file), journal: fs.readFileSync(journal)}
  const reader = quietly(() => new EmbeddedStore(dataset.file, {readOnly: true}))
  stores.push(reader)
  expect(reader.view('raw').byId.get('topic-log')!.title).toBe('Topic 1')
  expect(() => commit(reader, topic(2))).toThrow('read-only')
  await reader.compact()
  reader.compactSync()
  expect(fs.readFileSync(dataset.file).equals(before.file)).toBe(true)
  expect(fs.readFileSync(journal).equals(before.journal)).toBe(true)
})

it('a read-only opener (a build, a server without the lake) creates no file beside the journal, so it needs no write access there', async () => {
  const writer = open()
  commit(writer, topic(1), undefined, 'a')
  await writer.close() // a crash: the journal holds the save, the file does not
  const {dir} = journalPaths(dataset.file)
  const files = fs.readdirSync(dir).sort()
  const reader = quietly(() => new EmbeddedStore(dataset.file, {readOnly: true}))
  stores.push(reader)
  expect(reader.view('raw').byId.get('topic-log')!.title).toBe('Topic 1')
  expect(journalTransactions(reader).map((tx) => tx.id)).toEqual(['a'])
  // no write-ahead log, no shared-memory index: a rollback journal, which a reader only reads
  expect(fs.readdirSync(dir).sort()).toEqual(files)
})

it('fsyncs a directory on POSIX, and leaves it alone on Windows, which cannot open one', () => {
  const missing = path.join(FIXTURES, 'no-such-folder')
  // opening is what Windows refuses: a folder that does not exist shows whether it is opened at all
  expect(() => fsyncDirectory(missing, 'linux')).toThrow(/ENOENT/)
  expect(() => fsyncDirectory(missing, 'win32')).not.toThrow()
  expect(() => fsyncDirectory(FIXTURES, 'linux')).not.toThrow()
})

it('a journal deleted by hand loses history, never documents: the file keeps them, and saves after it survive a crash', async () => {
  const first = open()
  commit(first, topic(1), undefined, 'a')
  await first.compact()
  await first.close()
  deleteJournal(dataset.file) // what anyone might do to reclaim its space

  const second = open()
  expect(await second.query('*[_id == "topic-log"][0].title')).toBe('Topic 1')
  expect(journalTransactions(second)).toEqual([])
  commit(second, topic(2), undefined, 'b') // acknowledged
  second.close() // not awaited: the process dies before it compacts

  const third = open()
  expect(await third.query('*[_id == "topic-log"][0].title')).toBe('Topic 2')
  expect(journalTransactions(third).map((tx) => tx.id)).toEqual(['b'])
})

it('a journal deleted while the server runs loses no document: the server still holds it, and writes the file at shutdown', async () => {
  const store = open()
  commit(store, topic(1), undefined, 'a')
  deleteJournal(dataset.file)
  commit(store, topic(2), undefined, 'b')
  store.compactSync()
  await store.close()
  const after = open()
  expect(after.view('raw').byId.get('topic-log')!.title).toBe('Topic 2')
  expect(parseStrictly(dataset.file).get('topic-log')!.title).toBe('Topic 2')
})

it('a journal deleted while the server runs, then a crash: no acknowledged save is lost, and the log says what happened', async () => {
  const errors = jest.spyOn(console, 'error').mockImplementation(() => {})
  const store = open()
  commit(store, topic(1), undefined, 'a') // acknowledged, in the journal only
  deleteJournal(dataset.file)
  commit(store, {_id: 'topic-other', _type: 'topic', title: 'After the deletion'}, 'topic-other', 'b')
  await store.close() // a crash: no compaction at shutdown
  expect(errors.mock.calls.join('\n')).toMatch(/journal\.sqlite was deleted while the server ran: starting a new journal with every save/)
  errors.mockRestore()
  const again = open()
  expect(again.view('raw').byId.get('topic-log')!.title).toBe('Topic 1')
  expect(again.view('raw').byId.get('topic-other')!.title).toBe('After the deletion')
  // the new journal starts with the saves the file lacked (topic-log), then the commit that found it gone
  expect(journalTransactions(again).map((tx) => tx.writes.map((write) => write.id))).toEqual([['topic-log'], ['topic-other']])
})

it('a journal deleted while the server runs: the next compaction writes the file from memory and starts a new journal', async () => {
  const errors = jest.spyOn(console, 'error').mockImplementation(() => {})
  const store = open()
  commit(store, topic(1), undefined, 'a')
  deleteJournal(dataset.file)
  await store.compact()
  errors.mockRestore()
  expect(parseStrictly(dataset.file).get('topic-log')!.title).toBe('Topic 1')
  commit(store, topic(2), undefined, 'b')
  await store.close() // a crash
  expect(open().view('raw').byId.get('topic-log')!.title).toBe('Topic 2')
})

it('a journal that is not one stops the store with an error naming it and what to do, and nothing is changed', async () => {
  const {journal} = journalPaths(dataset.file)
  fs.mkdirSync(path.dirname(journal), {recursive: true})
  fs.writeFileSync(journal, 'not a database, but maybe someone’s only copy of something')
  const file = fs.readFileSync(dataset.file)
  expect(() => new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})).toThrow(
    /the journal .*journal\.sqlite cannot be opened \(file is not a database\).*move the journal aside/,
  )
  expect(fs.readFileSync(journal, 'utf8')).toBe('not a database, but maybe someone’s only copy of something')
  expect(fs.readFileSync(dataset.file).equals(file)).toBe(true)
  // and it let go of the writer lock, so another process (a server started after the journal is moved aside) can write
  expect(fs.existsSync(path.join(path.dirname(journal), `${path.basename(dataset.file)}.writer.json`))).toBe(false)
  fs.renameSync(journal, `${journal}.aside`)
  commit(open(), topic(1))
})

it('a first commit that fails leaves the next one replayable: the marks go in with the first commit that lands', async () => {
  const store = open()
  // a value JSON cannot hold fails inside the journal's SQLite transaction, after the journal file was created
  expect(() => commit(store, {_id: 'topic-bad', _type: 'topic', count: BigInt(1)} as unknown as StoredDocument, 'topic-bad')).toThrow()
  commit(store, topic(7))
  // as after a SIGKILL: the file never got the save, and the next start must replay it
  await store.close()
  const reopened = open()
  expect(reopened.view('raw').byId.get('topic-log')?.title).toBe('Topic 7')
})

it('a patch is checked against the document as stored: a field JSON drops (undefined) cannot make a replay rebuild another one', async () => {
  // `note` sorts before `title`: in memory it shifts title's field index in the patch, on disk (JSON) it is not there
  const saved = (title: string) => ({...topic(1), description: 'A long description. '.repeat(20), note: undefined, title})
  const store = open()
  commit(store, saved('Topic one'), undefined, 'whole')
  commit(store, saved('Topic one, edited'), undefined, 'patched')
  // a crash before compaction: the next start replays both from the journal
  await store.close()
  const stored = (title: string) => JSON.parse(JSON.stringify(saved(title)))
  const reopened = open()
  expect(reopened.view('raw').byId.get('topic-log')).toEqual(stored('Topic one, edited'))
  expect(journalTransactions(reopened).map((tx) => tx.writes[0].after)).toEqual([stored('Topic one'), stored('Topic one, edited')])
})
