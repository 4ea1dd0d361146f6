// A journal deleted while the server runs (to reclaim space, by a clean-up script): the saves the file lacks are
// journaled again at once, whichever write finds the journal gone, and the file is never written from memory blindly.
import fs from 'node:fs'
import path from 'node:path'
import {EmbeddedStore, type StoredDocument} from '@/lib/offline/store/store'
import {parseStrictly} from '../../../support/crash-child'
import {FIXTURES} from '../../../support/demo'
import {readDataset} from '@/lib/offline/store/store'
import {tempDataset, type TempDataset} from '../../../support/temp-dataset'
import {deleteJournal, journalTransactions} from '../../../support/journal'

const fixture = readDataset(path.join(FIXTURES, 'drafts.ndjson'))
const topic = (n: number): StoredDocument => ({_id: 'topic-log', _type: 'topic', title: `Topic ${n}`})
const commit = (store: EmbeddedStore, doc: StoredDocument | null, id = 'topic-log') =>
  store.commit(new Map([[id, doc]]), {id: `tx-${Math.random()}`, timestamp: new Date().toISOString(), author: 'tester'})

let dataset: TempDataset
let errors: jest.SpyInstance
const stores: EmbeddedStore[] = []
const open = () => {
  const store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
  stores.push(store)
  return store
}
beforeEach(() => {
  dataset = tempDataset(fixture, {images: 'none', prefix: 'broadsheet-journal-deleted-'})
  errors = jest.spyOn(console, 'error').mockImplementation(() => {})
  jest.spyOn(console, 'log').mockImplementation(() => {})
  jest.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  dataset.remove()
  jest.restoreAllMocks()
})

it('deleted, then a clean stop (compaction at shutdown, no save in between): the file gets every save', async () => {
  const store = open()
  commit(store, topic(1))
  deleteJournal(dataset.file)
  store.compactSync()
  await store.close()
  expect(errors.mock.calls.join('\n')).toMatch(/was deleted while the server ran: starting a new journal/)
  expect(parseStrictly(dataset.file).get('topic-log')!.title).toBe('Topic 1')
  expect(open().view('raw').byId.get('topic-log')!.title).toBe('Topic 1')
})

it('deleted, then a compaction that finds it gone: it writes the file against a new journal, which keeps the later saves', async () => {
  const store = open()
  commit(store, topic(1))
  deleteJournal(dataset.file)
  await store.compact()
  expect(parseStrictly(dataset.file).get('topic-log')!.title).toBe('Topic 1')
  commit(store, topic(2))
  await store.close() // a crash: no compaction at shutdown
  expect(open().view('raw').byId.get('topic-log')!.title).toBe('Topic 2')
})

it('deleted while the file does not parse (a git conflict in progress): the file is left as it is, and no save is lost', async () => {
  const store = open()
  commit(store, topic(1))
  const conflicted = `${fs.readFileSync(dataset.file, 'utf8')}<<<<<<< HEAD\n{"_id":"theirs","_type":"topic","title":"Theirs"}\n=======\n`
  fs.writeFileSync(dataset.file, conflicted)
  store.reload() // as the watcher would
  deleteJournal(dataset.file)
  commit(store, topic(2))
  store.compactSync()
  expect(fs.readFileSync(dataset.file, 'utf8')).toBe(conflicted)
  // both saves are in the new journal, the first one against the file as last read
  expect(journalTransactions(store).flatMap((tx) => tx.writes.map((write) => write.after?.title))).toEqual(['Topic 1', 'Topic 2'])
  await store.close()
})
