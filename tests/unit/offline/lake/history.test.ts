import fs from 'node:fs'
import type {SanityClient} from '@sanity/client'
import type {MendozaPatch, SanityDocument, TransactionLogEventWithEffects, TransactionLogEventWithMutations} from '@sanity/types'
import {applyPatch, incremental} from 'mendoza'
import type {StoredDocument} from '@/lib/offline/store/store'
import {mendozaPatch} from '@/lib/offline/store/journal/mendoza'
import {SETTLING_MS} from '@/lib/offline/lake/history/transactions'
import {lakeClientAt, startTestLake} from '../../../support/lake'
import {demoDocuments} from '../../../support/demo'
import {copyDemoDataset} from '../../../support/temp-dataset'
import {journalTransactions} from '../../../support/journal'

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz'
const ARTICLE = 'article-raspberry-pi-5'
const DRAFT = `drafts.${ARTICLE}`
const LOCAL_EDITOR = 'local-editor'

/** The API's events, as core/store/events/types.ts declares them before the Studio adds `id` and `documentVariantType`. */
type ApiEvent = {type: string; timestamp: string; author: string; documentId: string; [field: string]: unknown}
type EventsResponse = {events: Record<string, ApiEvent[]>; nextCursor: string}
type LoggedLine = TransactionLogEventWithEffects & Partial<TransactionLogEventWithMutations>

let dataset: ReturnType<typeof copyDemoDataset>
let lake: Awaited<ReturnType<typeof startTestLake>>
let client: SanityClient

const start = async () => {
  lake = await startTestLake({file: dataset.file, assetsDir: dataset.images, token: TOKEN})
  client = lakeClientAt(lake.apiHost, TOKEN)
}

beforeEach(async () => {
  dataset = copyDemoDataset()
  await start()
})

afterEach(async () => {
  await lake.close()
  dataset.remove()
})

/** What the Studio sends, with the transaction id it chose (5.31 always edits through the Actions API). */
const act = (transactionId: string, ...actions: Record<string, unknown>[]) =>
  client.request({method: 'POST', uri: '/data/actions/production', body: {transactionId, actions}})
const edit = (transactionId: string, title: string) =>
  act(transactionId, {
    actionType: 'sanity.action.document.edit',
    draftId: DRAFT,
    publishedId: ARTICLE,
    patch: {set: {title}},
  })
const publish = (transactionId: string) =>
  act(transactionId, {actionType: 'sanity.action.document.publish', draftId: DRAFT, publishedId: ARTICLE})

const events = (id: string, query: Record<string, string> = {}) =>
  client.request<EventsResponse>({uri: `/data/history/production/events/documents/${id}`, query: {limit: '100', ...query}})
const documents = (ids: string, query: Record<string, string>) =>
  client.request<{documents: SanityDocument[]}>({uri: `/data/history/production/documents/${ids}`, query})
/** The NDJSON stream, read through the client as createHistoryStore.ts getTransactions reads it. */
async function transactions(ids: string, query: Record<string, string>): Promise<LoggedLine[]> {
  const body: unknown = await client.request({uri: `/data/history/production/transactions/${ids}`, query})
  return String(body)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
}

const withoutRev = (doc: StoredDocument | SanityDocument | null | undefined) => {
  if (!doc) return null
  const {_rev, ...rest} = doc
  void _rev
  return rest
}

/** Edit, publish and edit again, as in the Studio: T1 starts the draft, T3 publishes it, T4 starts a new one. */
async function editPublishEdit() {
  const original = lake.store.view('raw').byId.get(ARTICLE)!
  await edit('T1', 'First edit')
  await edit('T2', 'Second edit')
  await publish('T3')
  await edit('T4', 'Edited after publishing')
  await edit('T5', 'Edited again')
  return original
}

describe('events (core/store/events/getInitialFetchEvents.ts)', () => {
  it('gives a document from before the log one "created" event at its _createdAt, with the revision it had', async () => {
    const article = lake.store.view('raw').byId.get(ARTICLE)!
    const created = {
      type: 'createLiveDocument',
      documentId: ARTICLE,
      revisionId: article._rev,
      timestamp: article._createdAt,
      author: LOCAL_EDITOR,
    }
    expect(await events(DRAFT)).toEqual({events: {[DRAFT]: [created]}, nextCursor: ''})
    expect(await events(ARTICLE)).toEqual({events: {[ARTICLE]: [created]}, nextCursor: ''})
  })

  it('lists draft creations and publishes, newest first, with time, author and revisions', async () => {
    const original = await editPublishEdit()
    const draft = await events(DRAFT)
    const at = (id: string) => journalTransactions(lake.store).find((tx) => tx.id === id)!.timestamp
    const common = {documentId: ARTICLE, author: LOCAL_EDITOR}
    expect(draft).toEqual({
      nextCursor: '',
      events: {
        [DRAFT]: [
          {...common, type: 'createDocumentVersion', timestamp: at('T4'), versionId: DRAFT, versionRevisionId: 'T4', releaseId: ''},
          {
            ...common,
            type: 'publishDocumentVersion',
            timestamp: at('T3'),
            revisionId: 'T3',
            versionId: DRAFT,
            versionRevisionId: 'T2',
            releaseId: '',
            publishCause: 'document.publish',
          },
          {...common, type: 'createDocumentVersion', timestamp: at('T1'), versionId: DRAFT, versionRevisionId: 'T1', releaseId: ''},
          {
            type: 'createLiveDocument',
            documentId: ARTICLE,
            revisionId: original._rev,
            timestamp: original._createdAt,
            author: LOCAL_EDITOR,
          },
        ],
      },
    })
    // the published variant: its publishes, and its creation
    expect((await events(ARTICLE)).events[ARTICLE].map((event) => [event.type, event.revisionId])).toEqual([
      ['publishDocumentVersion', 'T3'],
      ['createLiveDocument', original._rev],
    ])
  })

  it('lists unpublishes, discards and deletions', async () => {
    await edit('T1', 'A draft')
    await act('T2', {actionType: 'sanity.action.document.discard', draftId: DRAFT})
    await act('T3', {actionType: 'sanity.action.document.unpublish', draftId: DRAFT, publishedId: ARTICLE})
    await act('T4', {actionType: 'sanity.action.document.delete', publishedId: ARTICLE, includeDrafts: [DRAFT]})
    const types = (list: ApiEvent[]) => list.map((event) => `${event.type} ${event.versionRevisionId ?? event.revisionId ?? ''}`.trim())
    expect(types((await events(DRAFT)).events[DRAFT])).toEqual([
      'deleteDocumentGroup',
      'unpublishDocument T3',
      'deleteDocumentVersion T1',
      'createDocumentVersion T1',
      expect.stringMatching(/^createLiveDocument /),
    ])
    expect(types((await events(ARTICLE)).events[ARTICLE])).toEqual([
      'deleteDocumentGroup',
      'unpublishDocument T3',
      expect.stringMatching(/^createLiveDocument /),
    ])
  })

  it('pages with limit and nextCursor, and the pages add up to the whole list', async () => {
    await editPublishEdit()
    const whole = (await events(DRAFT)).events[DRAFT]
    const first = await events(DRAFT, {limit: '3'})
    expect(first.events[DRAFT]).toEqual(whole.slice(0, 3))
    expect(first.nextCursor).not.toBe('')
    const second = await events(DRAFT, {limit: '3', nextCursor: first.nextCursor})
    expect(second).toEqual({events: {[DRAFT]: whole.slice(3)}, nextCursor: ''})
  })
})

describe('transactions (core/store/translog/getTransactionsLogs.ts)', () => {
  it('streams the transactions of the ids as NDJSON, with Mendoza effects that rebuild each version', async () => {
    await editPublishEdit()
    // the query getDocumentTransactions sends for the edits since the last "Draft created" event
    const query = {
      tag: 'sanity.studio.documents.history',
      effectFormat: 'mendoza',
      excludeContent: 'true',
      includeIdentifiedDocumentsOnly: 'true',
      limit: '50',
      fromTransaction: 'T4',
    }
    // a read to "now" lags a second behind, as the hosted log does (the Studio's listener brings the rest)
    expect(await transactions(DRAFT, query)).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, SETTLING_MS))
    const since = await transactions(DRAFT, query)
    expect(since.map((tx) => tx.id)).toEqual(['T4', 'T5'])
    for (const tx of since) {
      expect(tx).toMatchObject({author: LOCAL_EDITOR, documentIDs: [DRAFT], timestamp: expect.any(String)})
      expect(Object.keys(tx.effects)).toEqual([DRAFT])
    }
    // created: the Studio reads [0, null] as "did not exist" (getEditEvents.ts getEffectState)
    expect(since[0].effects[DRAFT]!.revert).toEqual([0, null])
    expect(since[1].effects[DRAFT]!.apply[0]).not.toBe(0)

    // every effect, applied in order from nothing, gives the draft as it is (without _rev, as the Studio applies them)
    const all = await transactions(DRAFT, {effectFormat: 'mendoza', excludeContent: 'true', includeIdentifiedDocumentsOnly: 'true'})
    expect(all.map((tx) => tx.id)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5'])
    let doc: unknown = null
    for (const tx of all) doc = applyPatch(doc, tx.effects[DRAFT]!.apply as MendozaPatch)
    expect(doc).toEqual(withoutRev(lake.store.view('raw').byId.get(DRAFT)))
    // and the reverts, newest first, undo them all
    for (const tx of [...all].reverse()) doc = applyPatch(doc, tx.effects[DRAFT]!.revert as MendozaPatch)
    expect(doc).toBeNull()
  })

  it('reads backwards from toTransaction with reverse and limit, as the legacy TimelineController does', async () => {
    await editPublishEdit()
    const query = {effectFormat: 'mendoza', excludeContent: 'true', excludeMutations: 'true', includeIdentifiedDocumentsOnly: 'true'}
    const page = await transactions(`${ARTICLE},${DRAFT}`, {...query, reverse: 'true', toTransaction: 'T3', limit: '2'})
    expect(page.map((tx) => tx.id)).toEqual(['T3', 'T2'])
    expect(page[0].documentIDs.sort()).toEqual([ARTICLE, DRAFT])
    expect(page[0].mutations).toBeUndefined()
    // without includeIdentifiedDocumentsOnly every document of the transaction is named
    const publishTx = await transactions(DRAFT, {fromTransaction: 'T3', toTransaction: 'T3'})
    expect(publishTx[0].documentIDs.sort()).toEqual([ARTICLE, DRAFT])
    expect(publishTx[0].mutations).toEqual(expect.arrayContaining([{delete: {id: DRAFT}}]))
  })
})

describe('documents at a revision (core/store/events/getDocumentAtRevision.ts, createHistoryStore.ts)', () => {
  it('gives each document as it was at a revision, at a time, and at its last revision', async () => {
    const original = await editPublishEdit()
    const atT2 = await documents(`${ARTICLE},${DRAFT}`, {revision: 'T2'})
    expect(atT2.documents).toEqual([original, expect.objectContaining({_id: DRAFT, _rev: 'T2', title: 'Second edit'})])
    const afterPublish = await documents(ARTICLE, {revision: 'T3'})
    expect(afterPublish.documents).toEqual([expect.objectContaining({_id: ARTICLE, _rev: 'T3', title: 'Second edit'})])
    // the draft panel's "Created" entry names the published revision from before the log
    expect((await documents(DRAFT, {revision: String(original._rev)})).documents).toEqual([original])
    expect((await documents(DRAFT, {revision: 'no-such-revision'})).documents).toEqual([])

    const t1 = journalTransactions(lake.store).find((tx) => tx.id === 'T1')!
    expect((await documents(DRAFT, {time: t1.timestamp})).documents).toEqual([expect.objectContaining({_rev: 'T1'})])

    await act('T6', {actionType: 'sanity.action.document.discard', draftId: DRAFT})
    expect((await documents(DRAFT, {lastRevision: 'true'})).documents).toEqual([expect.objectContaining({_rev: 'T5'})])
  })

  it('restores a version the way the Studio does (replaceDraft), and the restored draft publishes', async () => {
    await editPublishEdit()
    // createHistoryStore.ts restore(): the pair at the revision, the one whose _rev it is, onto the draft id
    const {documents: pair} = await documents(`${ARTICLE},${DRAFT}`, {revision: 'T2'})
    const {_updatedAt, ...restored} = pair.find((doc) => doc._rev === 'T2')!
    void _updatedAt
    await act('T6', {actionType: 'sanity.action.document.replaceDraft', publishedId: ARTICLE, attributes: {...restored, _id: DRAFT}})
    const draft = lake.store.view('raw').byId.get(DRAFT)!
    expect(draft.title).toBe('Second edit')
    await publish('T7')
    expect(lake.store.view('raw').byId.get(ARTICLE)).toMatchObject({title: 'Second edit', _rev: 'T7'})
  })
})

describe('where history lives', () => {
  it('survives a restart, and never enters the NDJSON file', async () => {
    await editPublishEdit()
    const before = await events(DRAFT)
    await lake.close()
    await start()
    expect(await events(DRAFT)).toEqual(before)
    expect((await documents(DRAFT, {revision: 'T2'})).documents).toEqual([expect.objectContaining({title: 'Second edit'})])
    const file = fs.readFileSync(dataset.file, 'utf8')
    expect(file).not.toMatch(/"_rev":"T[124]"/)
    expect(file).not.toContain('First edit')
  })
})

describe('Mendoza patches', () => {
  /** A seeded edit of every kind: fields set, removed and added, text typed and cut, array items moved, added and dropped. */
  function edited(value: unknown, random: () => number): unknown {
    if (typeof value === 'string') {
      const at = Math.floor(random() * (value.length + 1))
      return random() < 0.5 ? `${value.slice(0, at)}é𝄞 typed${value.slice(at + 2)}` : value.slice(Math.floor(random() * 3))
    }
    if (Array.isArray(value)) {
      const items = value.map((item) => (random() < 0.3 ? edited(item, random) : item))
      if (items.length && random() < 0.3) items.splice(Math.floor(random() * items.length), 1)
      if (random() < 0.3) items.splice(Math.floor(random() * (items.length + 1)), 0, {_key: `new${items.length}`, _type: 'block'})
      return random() < 0.2 ? items.reverse() : items
    }
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [key, inner] of Object.entries(value)) {
        const roll = random()
        if (roll < 0.15) continue
        out[key] = roll < 0.4 ? edited(inner, random) : inner
      }
      if (random() < 0.3) out.added = random() < 0.5 ? 'a new field' : {nested: true}
      return out
    }
    return typeof value === 'number' ? value + 1 : value
  }

  it('turn each demo document into an edited version and back, applied plainly and incrementally (as calculateDiff.ts does)', () => {
    let seed = 42
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    for (let round = 0; round < 3; round++) {
      for (const doc of demoDocuments()) {
        const next = edited(doc, random)
        for (const [from, to] of [
          [doc, next],
          [next, doc],
          [doc, null],
          [null, doc],
        ]) {
          const patch = mendozaPatch(from, to)
          expect(applyPatch(from, patch)).toEqual(to)
          expect(incremental.unwrap(incremental.applyPatch(incremental.wrap(from, 'before'), patch, 'after'))).toEqual(to)
        }
      }
    }
  })

  it('keep shared text on whole characters: a pair of UTF-16 units is never split between the kept and the new text', () => {
    // 𝄞 and 𝄢 share their first unit, 𝄞 and 🔞 their second; é and 𝄞 are one and two units, two and four UTF-8 bytes
    const texts = ['𝄞', '𝄢', '🔞', 'a𝄞b', 'a𝄢b', 'a🔞b', 'é𝄞é', 'é𝄢é', '\uD834', 'x\uDD1E', 'long '.repeat(300) + '𝄞 end']
    for (const left of texts)
      for (const right of texts) {
        const [before, after] = [
          {_id: 'a', text: left},
          {_id: 'a', text: right},
        ]
        const patch = mendozaPatch(before, after)
        expect(applyPatch(before, patch)).toEqual(after)
        expect(incremental.unwrap(incremental.applyPatch(incremental.wrap(before, 'before'), patch, 'after'))).toEqual(after)
      }
  })

  it('carry only what changed', () => {
    const before = {_id: 'a', title: 'Hello world', body: [{_key: 'x', text: 'kept'}], gone: 1}
    const after = {
      _id: 'a',
      title: 'Hello, world',
      body: [
        {_key: 'x', text: 'kept'},
        {_key: 'y', text: 'new'},
      ],
    }
    const patch = mendozaPatch(before, after)
    expect(JSON.stringify(patch)).not.toContain('kept')
    expect(JSON.stringify(patch)).not.toContain('Hello')
    expect(applyPatch(before, patch)).toEqual(after)
  })
})
