// Edits to the dataset file from outside (a git pull, a hand edit) while the Studio saves: merged per document,
// conflicts logged and noticed, nothing acknowledged dropped; the file follows the saves within the max wait.
import fs from 'node:fs'
import path from 'node:path'
import {EmbeddedStore, readDataset, type StoredDocument} from '@/lib/offline/store/store'
import {mergeOutsideEdit} from '@/lib/offline/store/merge'
import {NOTICE_TYPE} from '@/lib/offline/store/notices'
import {parseStrictly} from '../../../support/crash-child'
import {FIXTURES} from '../../../support/demo'
import {journalTransactions} from '../../../support/journal'
import {tempDataset, type TempDataset} from '../../../support/temp-dataset'

const fixture = readDataset(path.join(FIXTURES, 'drafts.ndjson'))
const byId = new Map(fixture.map((doc) => [doc._id, doc]))
const retitled = (id: string, title: string): StoredDocument => ({...byId.get(id)!, _id: id, title})
const commit = (store: EmbeddedStore, writes: [string, StoredDocument | null][]) =>
  store.commit(new Map(writes), {id: `tx-${Math.random()}`, timestamp: new Date().toISOString(), author: 'editor'})
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let dataset: TempDataset
const stores: EmbeddedStore[] = []
let warnings: string[]
let errors: string[]
const open = (options: {compactAfterMs?: number; compactMaxWaitMs?: number} = {}) => {
  const store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000, compactMaxWaitMs: 60_000, ...options})
  stores.push(store)
  return store
}
/** The fixture as an outside editor changes it. */
const outside = (change: (docs: StoredDocument[]) => StoredDocument[]) => dataset.write(change(fixture.map((doc) => ({...doc}))))
const onDisk = () => parseStrictly(dataset.file)
const doc = (store: EmbeddedStore, id: string) => store.view('raw').byId.get(id)
const notices = (store: EmbeddedStore) => store.documents.filter((d) => d._type === NOTICE_TYPE)

beforeEach(() => {
  dataset = tempDataset(fixture, {images: 'none', prefix: 'broadsheet-outside-'})
  warnings = []
  errors = []
  jest.spyOn(console, 'warn').mockImplementation((message) => void warnings.push(String(message)))
  jest.spyOn(console, 'error').mockImplementation((message) => void errors.push(String(message)))
  jest.spyOn(console, 'log').mockImplementation(() => {})
})
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  dataset.remove()
  jest.restoreAllMocks()
})

describe('mergeOutsideEdit, per document against the file both started from', () => {
  const base = new Map(fixture.map((d) => [d._id, d]))
  it('takes the side that changed a document, and the editor’s new documents after the file’s', () => {
    const local = new Map(base)
    local.set('drafts.article-b', retitled('drafts.article-b', 'Typed in the Studio'))
    local.set('topic-new', {_id: 'topic-new', _type: 'topic', title: 'New'})
    local.delete('author-x')
    const theirs = fixture.map((d) => (d._id === 'article-a' ? retitled('article-a', 'Pulled') : d))
    const merged = mergeOutsideEdit(base, local, theirs)
    expect(merged.conflicts).toEqual([])
    expect(merged.kept.sort()).toEqual(['author-x', 'drafts.article-b', 'topic-new'])
    const result = new Map(merged.documents.map((d) => [d._id, d]))
    expect(result.get('article-a')!.title).toBe('Pulled')
    expect(result.get('drafts.article-b')!.title).toBe('Typed in the Studio')
    expect(result.has('author-x')).toBe(false)
    expect(merged.documents.at(-1)!._id).toBe('topic-new')
  })

  it('a document both sides changed alike is no conflict; changed apart, the file’s is current and the editor’s goes to a free draft', () => {
    const local = new Map(base)
    local.set('article-c', retitled('article-c', 'Same on both sides'))
    local.set('author-x', {...byId.get('author-x')!, name: 'Typed'})
    local.set('article-a', retitled('article-a', 'Typed, but the draft slot is taken'))
    const theirs = fixture.map((d) =>
      d._id === 'article-c'
        ? retitled('article-c', 'Same on both sides')
        : d._id === 'author-x'
          ? {...d, name: 'Pulled'}
          : d._id === 'article-a'
            ? retitled('article-a', 'Pulled too')
            : d,
    )
    const merged = mergeOutsideEdit(base, local, theirs)
    const result = new Map(merged.documents.map((d) => [d._id, d]))
    expect(merged.conflicts.map(({id, keptAs}) => ({id, keptAs}))).toEqual([
      {id: 'author-x', keptAs: 'drafts.author-x'},
      {id: 'article-a', keptAs: null},
    ])
    // each conflict names the outside version, the same when the merge is done again (a notice's id comes from it)
    expect(mergeOutsideEdit(base, local, theirs).conflicts.map(({outside}) => outside)).toEqual(
      merged.conflicts.map(({outside}) => outside),
    )
    expect(new Set(merged.conflicts.map(({outside}) => outside)).size).toBe(2)
    expect(result.get('author-x')!.name).toBe('Pulled')
    expect(result.get('drafts.author-x')!.name).toBe('Typed')
    expect(result.get('article-a')!.title).toBe('Pulled too')
    expect(result.get('drafts.article-a')!.title).toBe('Draft headline')
    expect(result.get('article-c')!.title).toBe('Same on both sides')
  })
})

describe('an outside edit while the editor types', () => {
  it('keeps every save since the editor last paused (30 saves, one git pull): merged into the file, not dropped', async () => {
    const store = open({compactAfterMs: 1000})
    store.watch()
    for (let i = 1; i <= 30; i++) {
      commit(store, [['drafts.article-b', retitled('drafts.article-b', `Keystroke ${i}`)]])
      if (i === 20) outside((docs) => docs.map((d) => (d._id === 'article-c' ? retitled('article-c', 'Pulled from git') : d)))
      await sleep(30)
    }
    // the watcher has merged the pull: the Studio's draft stands, the pull's edit is in, and both are on disk
    const merged = () =>
      onDisk().get('article-c')?.title === 'Pulled from git' && onDisk().get('drafts.article-b')?.title === 'Keystroke 30'
    for (let waited = 0; !merged() && waited < 3000; waited += 50) await sleep(50)
    expect(doc(store, 'drafts.article-b')!.title).toBe('Keystroke 30')
    expect(doc(store, 'article-c')!.title).toBe('Pulled from git')
    await store.compact()
    expect(onDisk().get('drafts.article-b')!.title).toBe('Keystroke 30')
    expect(onDisk().get('article-c')!.title).toBe('Pulled from git')
    expect(notices(store)).toEqual([])
    // and a restart serves the same
    await store.close()
    const again = open()
    expect(doc(again, 'drafts.article-b')!.title).toBe('Keystroke 30')
    expect(doc(again, 'article-c')!.title).toBe('Pulled from git')
  })

  it('writes the file within the max wait while saves keep coming, however short the pauses', async () => {
    const store = open({compactAfterMs: 300, compactMaxWaitMs: 600})
    const started = Date.now()
    let typed = 0
    while (!onDisk().has('topic-typed') && Date.now() - started < 3000) {
      commit(store, [['topic-typed', {_id: 'topic-typed', _type: 'topic', title: `Keystroke ${++typed}`}]])
      await sleep(50)
    }
    expect(onDisk().has('topic-typed')).toBe(true)
    expect(Date.now() - started).toBeLessThan(1500)
    // the editor never paused for the idle wait
    expect(typed).toBeGreaterThan(6)
  })

  it('on a document both changed: the file’s version is current, the editor’s is its draft, logged by id and noticed until published', async () => {
    const store = open()
    commit(store, [['article-c', retitled('article-c', 'Published from the Studio')]])
    outside((docs) => docs.map((d) => (d._id === 'article-c' ? retitled('article-c', 'Fixed by hand in the file') : d)))
    store.reload()
    expect(doc(store, 'article-c')!.title).toBe('Fixed by hand in the file')
    expect(doc(store, 'drafts.article-c')!.title).toBe('Published from the Studio')
    expect(warnings.join('\n')).toMatch(/article-c \(kept as drafts\.article-c\)/)
    expect(notices(store)).toEqual([
      expect.objectContaining({documentId: 'article-c', conflictedId: 'article-c', keptAs: 'drafts.article-c'}),
    ])
    // the Studio finds it through GROQ, as it queries the lake
    expect(await store.query(`*[_type == "${NOTICE_TYPE}" && documentId == "article-c"][0].keptAs`, {}, 'raw')).toBe('drafts.article-c')
    // on disk at once, both versions, and the notice outlives a restart
    expect(onDisk().get('article-c')!.title).toBe('Fixed by hand in the file')
    expect(onDisk().get('drafts.article-c')!.title).toBe('Published from the Studio')
    expect([...onDisk().values()].some((d) => d._type === NOTICE_TYPE)).toBe(false)
    await store.close()
    const again = open()
    expect(notices(again)).toHaveLength(1)
    // publishing settles it
    commit(again, [
      ['article-c', retitled('article-c', 'Settled')],
      ['drafts.article-c', null],
    ])
    expect(notices(again)).toEqual([])
    await again.close()
    expect(notices(open())).toEqual([])
  })

  it('a conflicting draft keeps the file’s version and the editor’s in history, with a notice; a deleted document the editor changed comes back as a draft', () => {
    const store = open()
    commit(store, [
      ['drafts.article-b', retitled('drafts.article-b', 'Typed in the Studio')],
      ['quote-q', {...byId.get('quote-q')!, text: 'Edited in the Studio'}],
    ])
    outside((docs) =>
      docs
        .filter((d) => d._id !== 'quote-q')
        .map((d) => (d._id === 'drafts.article-b' ? retitled('drafts.article-b', 'Typed in the file') : d)),
    )
    store.reload()
    expect(doc(store, 'drafts.article-b')!.title).toBe('Typed in the file')
    expect(journalTransactions(store).flatMap((tx) => tx.writes.map((w) => w.after?.title))).toContain('Typed in the Studio')
    expect(doc(store, 'quote-q')).toBeUndefined()
    // quote-q's draft is taken (drafts.quote-q is in the fixture), so the editor's version is in history
    expect(
      notices(store)
        .map(({documentId, keptAs}) => ({documentId: String(documentId), keptAs}))
        .sort((a, b) => a.documentId.localeCompare(b.documentId)),
    ).toEqual([
      {documentId: 'article-b', keptAs: null},
      {documentId: 'quote-q', keptAs: null},
    ])
    expect(warnings.join('\n')).toMatch(/drafts\.article-b \(in history\)/)
  })
})

describe('compaction and an outside edit', () => {
  it('merges an outside edit it finds before its rename instead of overwriting it (no watcher: a bind mount, a network drive)', async () => {
    const store = open()
    commit(store, [['topic-studio', {_id: 'topic-studio', _type: 'topic', title: 'From the Studio'}]])
    outside((docs) => [...docs, {_id: 'topic-outside', _type: 'topic', title: 'From the file'}])
    await store.compact()
    expect(onDisk().get('topic-outside')!.title).toBe('From the file')
    expect(onDisk().get('topic-studio')!.title).toBe('From the Studio')
    expect(doc(store, 'topic-outside')).toBeDefined()
  })

  it('neither reads nor overwrites a file that does not parse whole (a git conflict), and says so once', async () => {
    const store = open()
    commit(store, [['topic-studio', {_id: 'topic-studio', _type: 'topic', title: 'From the Studio'}]])
    const conflicted = `<<<<<<< HEAD\n${fs.readFileSync(dataset.file, 'utf8')}=======\n>>>>>>> theirs\n`
    fs.writeFileSync(dataset.file, conflicted)
    store.reload()
    await store.compact()
    store.compactSync()
    expect(fs.readFileSync(dataset.file, 'utf8')).toBe(conflicted)
    expect(doc(store, 'topic-studio')).toBeDefined()
    expect(errors.filter((e) => e.includes('unreadable line'))).toHaveLength(1)
    // resolved: the merge goes through
    outside((docs) => docs)
    await store.compact()
    expect(onDisk().get('topic-studio')!.title).toBe('From the Studio')
  })

  it('a crash before the merged file is in place loses nothing: the next start replays the kept saves onto the pulled file', () => {
    const store = open()
    commit(store, [['topic-studio', {_id: 'topic-studio', _type: 'topic', title: 'From the Studio'}]])
    outside((docs) => [...docs, {_id: 'topic-outside', _type: 'topic', title: 'From the file'}])
    // the merged file's rename fails (a crash at that instant, or antivirus holding the file on Windows)
    const rename = fs.renameSync
    const failing = jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (to === dataset.file) throw new Error('EPERM: operation not permitted, rename')
      return rename(from, to)
    })
    store.reload()
    failing.mockRestore()
    expect(errors.join('\n')).toMatch(/could not write the merged/)
    // a restart (the same process may open it again: it holds the lock) on the pulled file replays the Studio's save
    const again = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
    stores.push(again)
    expect(doc(again, 'topic-studio')!.title).toBe('From the Studio')
    expect(doc(again, 'topic-outside')!.title).toBe('From the file')
  })

  it('a crash, then a git pull before the restart: the saves the file lacked are merged into it at start, as at run time', async () => {
    const store = open()
    commit(store, [['topic-studio', {_id: 'topic-studio', _type: 'topic', title: 'From the Studio'}]])
    commit(store, [['article-c', retitled('article-c', 'Published from the Studio')]])
    commit(store, [['author-x', {...byId.get('author-x')!, name: 'Renamed in the Studio'}]])
    await store.close() // a crash: no compaction at shutdown, the saves are in the journal only
    outside((docs) =>
      docs.map((d) =>
        d._id === 'article-c' ? retitled('article-c', 'Fixed by hand in the file') : d._id === 'quote-q' ? {...d, text: 'Pulled'} : d,
      ),
    )
    const again = open()
    // one side changed: that side; both changed: the file's version is current and the Studio's its draft
    expect(doc(again, 'topic-studio')!.title).toBe('From the Studio')
    expect(doc(again, 'author-x')!.name).toBe('Renamed in the Studio')
    expect(doc(again, 'quote-q')!.text).toBe('Pulled')
    expect(doc(again, 'article-c')!.title).toBe('Fixed by hand in the file')
    expect(doc(again, 'drafts.article-c')!.title).toBe('Published from the Studio')
    expect(warnings.join('\n')).toMatch(/article-c \(kept as drafts\.article-c\)/)
    expect(notices(again)).toEqual([
      expect.objectContaining({documentId: 'article-c', conflictedId: 'article-c', keptAs: 'drafts.article-c'}),
    ])
    // on disk at once, and the next start (a crash again) finds the merged file as it left it
    expect(onDisk().get('drafts.article-c')!.title).toBe('Published from the Studio')
    expect(onDisk().get('topic-studio')!.title).toBe('From the Studio')
    await again.close()
    const third = open()
    expect(doc(third, 'drafts.article-c')!.title).toBe('Published from the Studio')
    expect(doc(third, 'quote-q')!.text).toBe('Pulled')
    expect(notices(third)).toHaveLength(1)
    expect(journalTransactions(third)).toHaveLength(3)
  })

  it('never rewrites a file that had unreadable lines at start; the saves wait in the log', async () => {
    const text = `${fs.readFileSync(dataset.file, 'utf8')}{"torn\n`
    fs.writeFileSync(dataset.file, text)
    const store = open()
    expect(errors.join('\n')).toMatch(/unreadable lines/)
    commit(store, [['topic-studio', {_id: 'topic-studio', _type: 'topic', title: 'From the Studio'}]])
    await store.compact()
    store.compactSync()
    expect(fs.readFileSync(dataset.file, 'utf8')).toBe(text)
    expect(doc(store, 'topic-studio')).toBeDefined()
  })

  it('does not parse the file again after its own rename', async () => {
    const store = open()
    commit(store, [['topic-studio', {_id: 'topic-studio', _type: 'topic', title: 'From the Studio'}]])
    await store.compact()
    const parse = jest.spyOn(JSON, 'parse')
    store.reload()
    expect(parse).not.toHaveBeenCalled()
  })
})
