// Commits, outside edits (to the same documents and others), compactions and hard stops, interleaved at random:
// every acknowledged save is in the documents, or, where an outside edit met it before it reached the file, in
// history with a notice on its document. Hard stops here are between steps (mid-write kills: durability.test.ts).
// Out of scope, as README says: an outside edit made while the server is down after a crash.
import fs from 'node:fs'
import path from 'node:path'
import {EmbeddedStore, readDataset, type StoredDocument} from '@/lib/offline/store/store'
import {NOTICE_TYPE} from '@/lib/offline/store/notices'
import {parseStrictly} from '../../../support/crash-child'
import {FIXTURES} from '../../../support/demo'
import {toNdjson} from '../../../support/generate-dataset'
import {journalTransactions} from '../../../support/journal'
import {tempDataset, type TempDataset} from '../../../support/temp-dataset'

const fixture = readDataset(path.join(FIXTURES, 'drafts.ndjson'))
const STEPS = 300

/** A small seeded generator (mulberry32), so a failure names a seed that repeats it. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let dataset: TempDataset
beforeEach(() => {
  dataset = tempDataset(fixture, {images: 'none', prefix: 'broadsheet-random-'})
  for (const level of ['log', 'warn', 'error'] as const) jest.spyOn(console, level).mockImplementation(() => {})
})
afterEach(() => {
  dataset.remove()
  jest.restoreAllMocks()
})

it.each([1, 2, 3, 4, 5, 6])(
  'seed %i: nothing acknowledged is lost, and every conflict is noticed',
  async (seed) => {
    const next = random(seed)
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]
    const ids = ['article-a', 'article-c', 'drafts.article-a', 'drafts.article-b', 'author-x', 'topic-1', 'topic-2', 'drafts.topic-3']
    const typeOf = (id: string) => (id.includes('article') ? 'article' : id.includes('author') ? 'author' : 'topic')
    /** Each id's last acknowledged save, and what became of it. */
    const saves = new Map<string, {tag: string; fate: 'current' | 'overwritten' | 'conflicted'}>()
    let store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000, compactMaxWaitMs: 60_000})
    let conflicts = 0

    for (let step = 0; step < STEPS; step++) {
      const roll = next()
      if (roll < 0.55) {
        const id = pick(ids)
        const tag = `studio-${step}`
        store.commit(new Map([[id, {_id: id, _type: typeOf(id), title: tag}]]), {
          id: `tx-${step}`,
          timestamp: new Date().toISOString(),
          author: 'editor',
        })
        saves.set(id, {tag, fate: 'current'})
        // publishing settles the notices on a document and its draft
        if (!id.startsWith('drafts.')) {
          const draft = saves.get(`drafts.${id}`)
          if (draft?.fate === 'conflicted') draft.fate = 'overwritten'
        }
      } else if (roll < 0.75) {
        // an outside edit on the file as it is on disk: retitle or delete one or two documents, or add one
        const onDisk = [...parseStrictly(dataset.file).values()] as StoredDocument[]
        const touched = new Set([pick(ids), pick(ids)].slice(0, 1 + Math.floor(next() * 2)))
        const edited = onDisk
          .filter((doc) => !(touched.has(doc._id) && !doc._id.startsWith('drafts.') && next() < 0.2))
          .map((doc) => (touched.has(doc._id) ? {...doc, title: `outside-${step}`} : doc))
        for (const id of touched)
          if (!edited.some((doc) => doc._id === id)) edited.push({_id: id, _type: typeOf(id), title: `outside-${step}`})
        for (const id of touched) {
          const save = saves.get(id)
          // what became of a save is decided by the first outside edit to meet it
          if (save?.fate !== 'current') continue
          // a save the file already held is overwritten by a later edit; one it lacked meets the edit: a conflict
          save.fate = onDisk.find((doc) => doc._id === id)?.title === save.tag ? 'overwritten' : 'conflicted'
          if (save.fate === 'conflicted') conflicts++
        }
        fs.writeFileSync(`${dataset.file}.tmp`, toNdjson(edited))
        fs.renameSync(`${dataset.file}.tmp`, dataset.file)
        // the watcher's reload, or the check before a compaction's rename (where no watcher fires); a compaction with
        // nothing to write checks nothing, and the watcher sees the edit then
        if (next() < 0.5) await store.compact()
        store.reload()
      } else if (roll < 0.9) {
        await store.compact()
      } else {
        // a hard stop between steps: no compaction at shutdown
        await store.close()
        store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000, compactMaxWaitMs: 60_000})
      }
    }

    const history = new Set(journalTransactions(store).flatMap((tx) => tx.writes.map((write) => `${write.id} ${write.after?.title}`)))
    const noticed = new Set(store.documents.filter((doc) => doc._type === NOTICE_TYPE).map((doc) => String(doc.conflictedId)))
    const current = (id: string) => store.view('raw').byId.get(id)?.title
    const lost: string[] = []
    for (const [id, {tag, fate}] of saves) {
      if (fate === 'current' && current(id) !== tag) lost.push(`${id}: ${tag} is not current (${current(id)})`)
      if (fate === 'conflicted') {
        if (!history.has(`${id} ${tag}`)) lost.push(`${id}: ${tag} is not in history`)
        const kept = !id.startsWith('drafts.') && current(`drafts.${id}`) === tag
        if (!noticed.has(id) && !kept) lost.push(`${id}: ${tag} met an outside edit with no notice`)
      }
    }
    expect(lost).toEqual([])
    // the run met the case it is for
    expect(conflicts).toBeGreaterThan(0)

    // and the file holds what the store serves
    await store.compact()
    const durable = store.documents.filter((doc) => doc._type !== NOTICE_TYPE)
    expect(readDataset(dataset.file)).toEqual(durable)
    await store.close()
  },
  30_000,
)
