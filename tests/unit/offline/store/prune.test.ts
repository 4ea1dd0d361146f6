// `npm run history:prune -- --before <date>`: history before the date goes; documents, history after it, and commits
// the dataset file lacks stay. Run as the command it is, in a child process, on a journal a store wrote.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {EmbeddedStore, readDataset, type StoredDocument} from '@/lib/offline/store/store'
import {FIXTURES} from '../../../support/demo'
import {journalBytes, journalTransactions} from '../../../support/journal'
import {tempDataset, type TempDataset} from '../../../support/temp-dataset'

const fixture = readDataset(path.join(FIXTURES, 'drafts.ndjson'))
const ROOT = path.resolve(__dirname, '../../../..')
const topic = (id: string, title: string): StoredDocument => ({_id: id, _type: 'topic', title, body: 'y'.repeat(4000)})
const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 0, day, 0, minute)).toISOString()

let dataset: TempDataset
beforeEach(() => {
  dataset = tempDataset(fixture, {images: 'none', prefix: 'broadsheet-prune-'})
  jest.spyOn(console, 'log').mockImplementation(() => {})
})
afterEach(() => {
  dataset.remove()
  jest.restoreAllMocks()
})

const prune = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'lib/offline/store/journal/prune-command.ts', ...args, '--file', dataset.file], {
    cwd: ROOT,
    encoding: 'utf8',
  })

/**
 * Transaction 1 (2 Jan) creates two topics; 2–41 (3 Jan, a minute apart) edit one of them 40 times, its whole
 * version stored at 1 and 33, patches between; 42 (4 Jan) edits the other. The file holds all of that; 43 (5 Jan)
 * is acknowledged but the server dies before the file holds it.
 */
async function history() {
  const store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
  const commit = (id: string, timestamp: string, ...docs: StoredDocument[]) =>
    store.commit(new Map(docs.map((doc) => [doc._id, doc])), {id, timestamp, author: 'tester'})
  commit('t1', at(2), topic('topic-long', 'Long 0'), topic('topic-short', 'Short 1'))
  for (let i = 1; i <= 40; i++) commit(`t${i + 1}`, at(3, i), topic('topic-long', `Long ${i}`))
  commit('t42', at(4), topic('topic-short', 'Short 2'))
  await store.compact()
  commit('t43', at(5), topic('topic-short', 'Short 3 (not in the file yet)'))
  store.close() // no compaction: the process died
}

it('drops history before the date, keeps every later version rebuildable, and changes no document', async () => {
  await history()
  const file = fs.readFileSync(dataset.file)
  const size = journalBytes(dataset.file).length
  // 2 Jan and the first 20 edits of 3 Jan
  const result = prune('--before', at(3, 21))
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  expect(result.stdout).toMatch(/dropped 21 transaction\(s\) .*2 document\(s\) keep their history from there.*No document was changed/)
  expect(fs.readFileSync(dataset.file).equals(file)).toBe(true)

  const store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
  try {
    // the commit the file lacked was replayed: it was never the prune's to drop
    expect(store.view('raw').byId.get('topic-short')!.title).toBe('Short 3 (not in the file yet)')
    const kept = journalTransactions(store)
    expect(kept.map((tx) => tx.id)).toEqual(Array.from({length: 22}, (_, i) => `t${i + 22}`))
    // every kept version of the long topic rebuilds, including those whose whole version was dropped (at 1)
    const long = kept.flatMap((tx) => tx.writes.filter((write) => write.id === 'topic-long'))
    expect(long.map((write) => [write.before?.title, write.after?.title])).toEqual(
      Array.from({length: 20}, (_, i) => [`Long ${i + 20}`, `Long ${i + 21}`]),
    )
    // the history that goes with the page asked for, in the History API's terms: the version before the first kept write
    expect(store.history()!.documentAt('topic-long', 0)!.title).toBe('Long 20')
  } finally {
    await store.close()
  }
  // then compacted; a prune with a later date drops through the file's last commit, and no further
  const again = prune('--before', at(31))
  expect(again.status).toBe(0)
  const reopened = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
  try {
    await reopened.compact()
    expect(journalTransactions(reopened).map((tx) => tx.id)).toEqual(['t43'])
  } finally {
    await reopened.close()
  }
  expect(journalBytes(dataset.file).length).toBeLessThan(size)
}, 60_000)

it('refuses, changing nothing, while a server writes the file, and on a date that does not parse', async () => {
  await history()
  const journal = journalBytes(dataset.file)
  const store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
  try {
    const refused = prune('--before', at(31))
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/nothing was pruned: .* is open in a server \(pid \d+.*\): stop it, then prune/)
  } finally {
    await store.close()
  }
  const bad = prune('--before', 'last tuesday')
  expect(bad.status).toBe(2)
  expect(bad.stderr).toContain('--before must be a date (got "last tuesday")')
  expect(journalBytes(dataset.file).equals(journal)).toBe(true)
}, 60_000)
