// History lasts: a page of one document's history reads that page, whatever else the journal holds. Asserted on
// what is read (journal rows; JSON documents parsed), never on time.
import type {SanityClient} from '@sanity/client'
import type {EmbeddedStore, StoredDocument} from '@/lib/offline/store/store'
import {historyOf} from '@/lib/offline/lake/history/source'
import {variantEvents} from '@/lib/offline/lake/history/events'
import {transactionLines, transactionWindow} from '@/lib/offline/lake/history/transactions'
import {lakeClientAt, startTestLake, TEST_LAKE_TOKEN} from '../../../support/lake'
import {copyDemoDataset} from '../../../support/temp-dataset'

const ARTICLE = 'article-raspberry-pi-5'
const DRAFT = `drafts.${ARTICLE}`
const HOUR_AGO = Date.now() - 3_600_000

let dataset: ReturnType<typeof copyDemoDataset>
let lake: Awaited<ReturnType<typeof startTestLake>>
let client: SanityClient
beforeEach(async () => {
  dataset = copyDemoDataset()
  lake = await startTestLake({file: dataset.file, assetsDir: dataset.images, token: TEST_LAKE_TOKEN})
  client = lakeClientAt(lake.apiHost, TEST_LAKE_TOKEN)
})
afterEach(async () => {
  await lake.close()
  dataset.remove()
})

let clock = 0
/** One committed transaction, an hour ago (outside the History API's settling second), a millisecond after the last. */
function commit(store: EmbeddedStore, writes: [string, StoredDocument | null][]) {
  const id = `tx-${++clock}`
  store.commit(new Map(writes), {id, timestamp: new Date(HOUR_AGO + clock).toISOString(), author: 'tester'})
  return id
}
/** Keystrokes on the article's draft, as the Studio saves them: each a transaction writing the draft. */
function type(store: EmbeddedStore, count: number) {
  const published = store.view('raw').byId.get(ARTICLE)!
  for (let i = 0; i < count; i++) commit(store, [[DRAFT, {...published, _id: DRAFT, title: `Keystroke ${clock}`}]])
}
/** Other documents' saves: `transactions` of `each` notes apiece (a busy newsroom). */
function elsewhere(store: EmbeddedStore, transactions: number, each: number) {
  for (let t = 0; t < transactions; t++)
    commit(
      store,
      Array.from({length: each}, (_, i): [string, StoredDocument] => [
        `note-${i}`,
        {_id: `note-${i}`, _type: 'note', n: clock, text: 'x'.repeat(200)},
      ]),
    )
}

/** The History API requests the Studio's history panel makes for a document, over HTTP. */
async function historyPanel() {
  await client.request({uri: `/data/history/production/events/documents/${DRAFT}`, query: {limit: '5'}})
  await client.request({
    uri: `/data/history/production/transactions/${DRAFT}`,
    query: {reverse: 'true', limit: '10', effectFormat: 'mendoza', excludeContent: 'true', includeIdentifiedDocumentsOnly: 'true'},
  })
}

/** How many JSON texts the process parses while `run` runs: what a read costs in documents and log lines decoded. */
async function parsesDuring(run: () => Promise<unknown>): Promise<number> {
  const parse = jest.spyOn(JSON, 'parse')
  try {
    await run()
    return parse.mock.calls.length
  } finally {
    parse.mockRestore()
  }
}

it('the history panel of a document parses what its page shows, not every save in the journal', async () => {
  type(lake.store, 40)
  elsewhere(lake.store, 400, 5)
  type(lake.store, 40)
  const parsed = await parsesDuring(historyPanel)
  // 480 transactions (2,080 writes) are journaled; the page shows 5 events and 10 transactions (and the client
  // parses its two answers): the old log parsed every one of its lines here (481)
  expect(parsed).toBeLessThan(120)
})

/** One page of each kind, read as the routes read it; the journal rows each read. */
function pageCost(store: EmbeddedStore) {
  const url = (query: string) => new URL(`http://lake/history?${query}`)
  const transactions = historyOf(store)
  const seqs = transactionWindow(transactions, [DRAFT], url('reverse=true&limit=10'))
  const lines = transactionLines(transactions, seqs, [DRAFT], url('effectFormat=mendoza').searchParams)
  return {lines: lines.length, rows: transactions.reader!.rowsRead}
}

it('a page of one document’s transactions reads a bounded number of rows however long the journal and the document’s history', () => {
  type(lake.store, 100)
  const small = pageCost(lake.store)
  expect(small.lines).toBe(10)
  // seven times the document's history before the page, and 600 other transactions around it
  elsewhere(lake.store, 300, 4)
  type(lake.store, 600)
  elsewhere(lake.store, 300, 4)
  type(lake.store, 100)
  const large = pageCost(lake.store)
  expect(large.lines).toBe(10)
  // per transaction: its row (read by the window and by its line), its write, the write before it and the two patches
  // between them; the seqs paged from the index (16 at first); the nearest whole version and the patches from it (at
  // most 31): the page's cost, where the document has 800 writes
  for (const cost of [small, large]) expect(cost.rows).toBeLessThanOrEqual(10 * 6 + 16 + 32)
}, 60_000)

/**
 * How many of a text's characters the process handles one at a time in JavaScript while `run` runs: the arrays of
 * characters built from strings (Array.from) and the characters read by index (charCodeAt). Native work (comparing,
 * slicing, measuring a string) is not counted: it costs little per character.
 */
function charactersVisited(run: () => void): number {
  let visited = 0
  const from = Array.from.bind(Array) as (...args: unknown[]) => unknown[]
  const arrays = jest.spyOn(Array, 'from').mockImplementation((...args: unknown[]) => {
    const built = from(...args)
    if (typeof args[0] === 'string') visited += built.length
    return built
  })
  const charCodeAt = String.prototype.charCodeAt
  const byIndex = jest.spyOn(String.prototype, 'charCodeAt').mockImplementation(function (this: string, index: number) {
    visited++
    return charCodeAt.call(this, index)
  })
  try {
    run()
    return visited
  } finally {
    arrays.mockRestore()
    byIndex.mockRestore()
  }
}

it('a page of a long article’s transactions costs the keystrokes shown, not the length of the text typed into', () => {
  // an article whose body has grown to 100,000 characters (a hot article after months of typing), then 60 keystrokes
  const published = lake.store.view('raw').byId.get(ARTICLE)!
  let text = 'Typed over a year. '.repeat(5_300)
  for (let i = 0; i < 60; i++) {
    text += 'abcdefghij klmnopqrst'[i % 21]
    const span = {_type: 'span', _key: 'span', text, marks: []}
    const body = [{_type: 'block', _key: 'block', style: 'normal', markDefs: [], children: [span]}]
    commit(lake.store, [[DRAFT, {...published, _id: DRAFT, body}]])
  }
  let lines = 0
  const visited = charactersVisited(() => (lines = pageCost(lake.store).lines))
  expect(lines).toBe(10)
  // each line's effects (apply and revert) keep the text's shared start and end: finding them is a few native
  // comparisons, where it was an array of the text's 100,000 characters per patch (two million for the page)
  expect(visited).toBeLessThan(20_000)
})

it('the events page of a document published many times reads each event’s revisions, not the versions written then', () => {
  // 30 editing sessions, each a draft created, typed into and published (the draft deleted): 60 events
  const published = lake.store.view('raw').byId.get(ARTICLE)!
  for (let session = 0; session < 30; session++) {
    const draft = {
      ...published,
      _id: DRAFT,
      body: [{_type: 'block', _key: 'b', children: [{_type: 'span', _key: 's', text: 'x'.repeat(20_000)}]}],
    }
    for (let i = 0; i < 3; i++) commit(lake.store, [[DRAFT, {...draft, title: `Session ${session}, keystroke ${i}`}]])
    commit(lake.store, [
      [ARTICLE, {...draft, _id: ARTICLE, title: `Session ${session}`}],
      [DRAFT, null],
    ])
  }
  const source = historyOf(lake.store)
  const events = [...variantEvents(source, DRAFT, Number.MAX_SAFE_INTEGER)]
  expect(events.filter(({event}) => event.type === 'publishDocumentVersion')).toHaveLength(30)
  // each event needs whether the draft and the published document existed, and their revisions; only the
  // document's "created" event (from before the journal) reads versions: the draft's first write and the published
  // document as the journal found it. It read 152 rows with versions before (each draft created, each version published).
  expect(source.reader!.versionsRead).toBeLessThanOrEqual(2)
}, 60_000)
