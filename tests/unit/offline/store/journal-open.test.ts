// Opening a journal left by something else: one still in WAL from before (open in a read-only store, or with commits
// only in its -wal), and one with the unfinished commit of a writer killed mid-save (a hot rollback journal).
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import {EmbeddedStore, type StoredDocument} from '@/lib/offline/store/store'
import {journalPaths} from '@/lib/offline/store/journal/paths'
import {FIXTURES} from '../../../support/demo'
import {readDataset} from '@/lib/offline/store/store'
import {tempDataset, type TempDataset} from '../../../support/temp-dataset'

const fixture = readDataset(path.join(FIXTURES, 'drafts.ndjson'))
const topic = (n: number): StoredDocument => ({_id: 'topic-log', _type: 'topic', title: `Topic ${n}`})
const commit = (store: EmbeddedStore, doc: StoredDocument) =>
  store.commit(new Map([['topic-log', doc]]), {id: `tx-${Math.random()}`, timestamp: new Date().toISOString(), author: 'tester'})

let dataset: TempDataset
let journal: string
const stores: EmbeddedStore[] = []
const open = (readOnly = false) => {
  const store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000, readOnly})
  stores.push(store)
  return store
}
/** Runs `script` in a child process holding the journal as `db` (better-sqlite3), which kills itself at its end: a crash. */
const killedWriter = (script: string) => {
  const source = `const db = new (require(${JSON.stringify(require.resolve('better-sqlite3'))}))(${JSON.stringify(journal)});
    ${script}; process.kill(process.pid, 'SIGKILL')`
  expect(() => execFileSync(process.execPath, ['-e', source], {stdio: 'ignore'})).toThrow()
}
beforeEach(() => {
  dataset = tempDataset(fixture, {images: 'none', prefix: 'broadsheet-journal-open-'})
  journal = journalPaths(dataset.file).journal
  jest.spyOn(console, 'log').mockImplementation(() => {})
})
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  dataset.remove()
  jest.restoreAllMocks()
})

it('a journal still in WAL, open in a read-only store (a build): the writer starts in WAL for this run and says so', async () => {
  const first = open()
  commit(first, topic(1))
  await first.close()
  const wal = new Database(journal)
  wal.pragma('journal_mode = WAL')
  wal.close()
  expect(open(true).view('raw').byId.get('topic-log')!.title).toBe('Topic 1')
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
  const writer = open()
  commit(writer, topic(2))
  expect(warn.mock.calls.join('\n')).toMatch(/kept journal_mode=wal/)
  await writer.close()
  expect(open().view('raw').byId.get('topic-log')!.title).toBe('Topic 2')
})

it('a WAL journal whose last commits are only in its -wal (a writer killed): the switch to a rollback journal keeps them', async () => {
  const first = open()
  commit(first, topic(1))
  await first.close()
  killedWriter(`db.pragma('journal_mode = WAL'); db.pragma('wal_autocheckpoint = 0');
    db.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'in the wal')").run()`)
  expect(fs.existsSync(`${journal}-wal`)).toBe(true)
  const writer = open()
  commit(writer, topic(2))
  await writer.close()
  const db = new Database(journal, {readonly: true})
  expect(db.prepare(`SELECT value FROM meta WHERE key = 'probe'`).pluck().get()).toBe('in the wal')
  expect(db.pragma('journal_mode', {simple: true})).toBe('delete')
  db.close()
})

it('a writer killed mid-commit (a hot rollback journal): a read-only store serves the file and says how to clear it', async () => {
  const first = open()
  commit(first, topic(1))
  first.compactSync()
  commit(first, topic(2)) // in the journal only
  await first.close()
  killedWriter(`db.pragma('journal_mode = delete'); db.pragma('cache_size = 2'); db.exec('BEGIN IMMEDIATE');
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    for (let i = 0; i < 2000; i++) insert.run('x' + i, 'y'.repeat(2000))`)
  expect(fs.existsSync(`${journal}-journal`)).toBe(true)
  const errors = jest.spyOn(console, 'error').mockImplementation(() => {})
  const reader = open(true)
  expect(reader.view('raw').byId.get('topic-log')!.title).toBe('Topic 1')
  expect(errors.mock.calls.join('\n')).toMatch(/unfinished commit .* until a server with the lake has started once/)
  // the writer rolls it back, and replays what the file lacks
  expect(open().view('raw').byId.get('topic-log')!.title).toBe('Topic 2')
})
