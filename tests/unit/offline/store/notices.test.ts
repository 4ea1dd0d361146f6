// Conflict notices (notices.ts) when the merge at start is done again, and when their file cannot be written.
import fs from 'node:fs'
import path from 'node:path'
import {EmbeddedStore, type StoredDocument} from '@/lib/offline/store/store'
import {NOTICE_TYPE} from '@/lib/offline/store/notices'
import {FIXTURES} from '../../../support/demo'
import {readDataset} from '@/lib/offline/store/store'
import {tempDataset, type TempDataset} from '../../../support/temp-dataset'

const fixture = readDataset(path.join(FIXTURES, 'drafts.ndjson'))
// a published document without a draft: a conflict on it keeps the editor's version as its draft
const target = fixture.find((doc) => !doc._id.startsWith('drafts.') && !fixture.some((other) => other._id === `drafts.${doc._id}`))!
const commit = (store: EmbeddedStore, doc: StoredDocument) =>
  store.commit(new Map([[doc._id, doc]]), {id: `tx-${Math.random()}`, timestamp: new Date().toISOString(), author: 'tester'})

let dataset: TempDataset
const stores: EmbeddedStore[] = []
const open = () => {
  const store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
  stores.push(store)
  return store
}
const notices = (store: EmbeddedStore) => store.view('raw').documents.filter((doc) => doc._type === NOTICE_TYPE)
/** The editor saved the target, the server died before compacting, and the file was edited outside meanwhile. */
const conflictWhileDown = async () => {
  const store = open()
  commit(store, {...target, title: 'Studio'})
  await store.close() // a crash: the save is in the journal only
  dataset.write(readDataset(dataset.file).map((doc) => (doc._id === target._id ? {...doc, title: 'Outside'} : doc)))
}
/** fs.renameSync failing with `code` where it renames onto a file `failing` accepts (real fs otherwise). */
const failRenames = (failing: (to: string) => boolean, code: string) => {
  const rename = fs.renameSync
  return jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    if (failing(String(to))) throw Object.assign(new Error(`${code} simulated`), {code})
    return rename(from, to)
  })
}
beforeEach(() => {
  dataset = tempDataset(fixture, {images: 'none', prefix: 'broadsheet-notices-'})
  for (const method of ['log', 'warn', 'error'] as const) jest.spyOn(console, method).mockImplementation(() => {})
})
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  dataset.remove()
  jest.restoreAllMocks()
})

it('a start-up merge whose merged file is never written (a failed write, then a crash) notices a conflict once', async () => {
  await conflictWhileDown()
  const failing = failRenames((to) => to === dataset.file, 'EIO')
  const second = open()
  failing.mockRestore()
  expect(notices(second)).toHaveLength(1)
  await second.close() // a crash before a compaction: the next start merges again
  const third = open()
  expect(notices(third).map((notice) => notice.conflictedId)).toEqual([target._id])
})

it('a notices file that cannot be written (a full disk) does not stop the start: the notice shows, the error is logged', async () => {
  await conflictWhileDown()
  failRenames((to) => to.endsWith('notices.json'), 'ENOSPC')
  const store = open()
  expect(notices(store).map((notice) => notice.conflictedId)).toEqual([target._id])
  expect(store.view('raw').byId.get(target._id)!.title).toBe('Outside')
  expect(store.view('raw').byId.get(`drafts.${target._id}`)!.title).toBe('Studio')
  expect(jest.mocked(console.error).mock.calls.join('\n')).toMatch(/could not write .*notices\.json.*ENOSPC simulated/)
})
