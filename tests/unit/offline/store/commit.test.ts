// A commit updates the views in place, at the cost of what it changes. After any sequence of commits,
// each view must equal one built from scratch over the same documents, and queries equal a full scan.
import {EmbeddedStore, type Perspective, type StoredDocument} from '@/lib/offline/store/store'
import {generateDataset} from '../../../support/generate-dataset'
import {expectSameAsFullScan, siteQueries} from '../../../support/store'
import {tempDataset} from '../../../support/temp-dataset'

const PERSPECTIVES: Perspective[] = ['raw', 'published', 'drafts']

/** A random but repeatable sequence of what the Studio does: edit, first edit of a published doc, publish, unpublish, delete, create. */
function randomTransactions(seed: number, docs: readonly StoredDocument[], count: number) {
  let state = seed
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const current = new Map(docs.map((doc) => [doc._id, doc]))
  const pick = () => [...current.keys()][Math.floor(random() * current.size)]
  const transactions: Map<string, StoredDocument | null>[] = []
  for (let i = 0; i < count; i++) {
    const writes = new Map<string, StoredDocument | null>()
    const id = pick()
    const doc = current.get(id)!
    const published = id.replace(/^drafts\./, '')
    const roll = random()
    if (roll < 0.3) writes.set(id, {...doc, title: `Edit ${i}`, publishedAt: `2030-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z`})
    else if (roll < 0.45) writes.set(`drafts.${published}`, {...doc, _id: `drafts.${published}`, title: `Draft ${i}`})
    else if (roll < 0.6) {
      writes.set(published, {...doc, _id: published})
      writes.set(`drafts.${published}`, null)
    } else if (roll < 0.7) {
      writes.set(`drafts.${published}`, {...doc, _id: `drafts.${published}`})
      writes.set(published, null)
    } else if (roll < 0.8) writes.set(id, null)
    else if (roll < 0.9) writes.set(id, {...doc, slug: {_type: 'slug', current: `moved-${i}`}, _type: random() < 0.5 ? doc._type : 'topic'})
    else {
      const ref = pick()
      writes.set(`new-${i}`, {_id: `new-${i}`, _type: 'article', title: `New ${i}`, author: {_type: 'reference', _ref: ref}})
    }
    for (const [key, value] of writes) {
      if (value) current.set(key, value)
      else current.delete(key)
    }
    transactions.push(writes)
  }
  return transactions
}

const summary = (store: EmbeddedStore, perspective: Perspective) => {
  const view = store.view(perspective)
  const ids = (docs?: StoredDocument[]) => (docs ?? []).map((doc) => doc._id)
  const referenced = new Set(view.documents.flatMap((doc) => JSON.stringify(doc).match(/"_ref":"[^"]+"/g) ?? []))
  return {
    documents: view.documents,
    byId: Object.fromEntries([...view.byId].sort(([a], [b]) => (a < b ? -1 : 1))),
    byType: Object.fromEntries([...view.byType].map(([type, docs]) => [type, ids(docs)]).sort()),
    bySlug: Object.fromEntries([...view.bySlug].map(([slug, docs]) => [slug, ids(docs)]).sort()),
    referrers: [...referenced].sort().map((ref) => ids(view.referrers(ref.slice(8, -1)))),
  }
}

/** The drafts perspective as the Content Lake lists it: published documents in order, each overlaid by its draft, then draft-only ones. */
function draftsPerspective(raw: readonly StoredDocument[]): StoredDocument[] {
  const overlaid = new Map<string, StoredDocument>()
  for (const doc of raw)
    if (!doc._id.startsWith('drafts.') && !doc._id.startsWith('versions.')) overlaid.set(doc._id, {...doc, _originalId: doc._id})
  for (const doc of raw) {
    if (!doc._id.startsWith('drafts.')) continue
    const id = doc._id.slice('drafts.'.length)
    overlaid.set(id, {...doc, _id: id, _originalId: doc._id})
  }
  return [...overlaid.values()]
}

describe('commits update the views in place', () => {
  it.each([1, 2, 3])('seed %i: every view equals a fresh one, and site queries equal a full scan', async (seed) => {
    const docs = generateDataset(40, seed)
    const dataset = tempDataset(docs, {images: 'none', prefix: 'broadsheet-commit-'})
    const store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
    try {
      for (const perspective of PERSPECTIVES) store.view(perspective).referrers('x') // built before the commits
      for (const writes of randomTransactions(seed, docs, 150)) store.commit(writes)
      const fresh = tempDataset(store.documents, {images: 'none', prefix: 'broadsheet-commit-'})
      const rebuilt = new EmbeddedStore(fresh.file)
      try {
        for (const perspective of PERSPECTIVES) expect(summary(store, perspective)).toEqual(summary(rebuilt, perspective))
        expect(store.view('drafts').documents).toEqual(draftsPerspective(store.documents))
        for (const {query} of siteQueries.slice(0, 12)) {
          await expectSameAsFullScan(store, query, {slug: 'moved-3', ...{start: 0, end: 10, limit: 10, offset: 0}})
        }
      } finally {
        await rebuilt.close()
        fresh.remove()
      }
    } finally {
      await store.close()
      dataset.remove()
    }
  })
})
