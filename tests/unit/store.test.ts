/** @jest-environment node */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {evaluate, parse, type ExprNode} from 'groq-js'
import * as distribution from '@/lib/content/distribution-queries'
import {planQuery} from '@/lib/embedded/planner'
import * as queries from '@/lib/content/queries'
import {EmbeddedStore, readDataset, type DatasetChange, type Perspective, type StoredDocument} from '@/lib/embedded/store'
import type {DocumentView} from '@/lib/embedded/views'
import {PAGE_SIZE, pageBounds} from '@/lib/pagination/pages'
import {generateDataset, toNdjson} from '../support/generate-dataset'

const DEMO = path.join(process.cwd(), 'sanity/demo/dataset.ndjson')
const FIXTURES = path.join(process.cwd(), 'tests/fixtures')
const DRAFT_TITLES = [
  'Microsoft bars police from its facial recognition until Congress acts',
  'Exclusive: Inside the quantum roadmap nobody has announced yet',
]
const PERSPECTIVES: Perspective[] = ['published', 'drafts']

type Params = Record<string, unknown>
type Case = [name: string, query: string, params: Params]

const isDefinition = (value: unknown): value is queries.QueryDefinition =>
  typeof value === 'object' && value !== null && 'query' in value && 'schema' in value
/** Every query the site runs: pages (queries.ts) and feeds and sitemaps (distribution-queries.ts). */
const definitions: queries.QueryDefinition[] = ([...Object.values(queries), ...Object.values(distribution)] as unknown[]).filter(isDefinition)

/** The same query evaluated by plain groq-js over every document of the perspective: no indexes, no planner. */
async function fullScan(store: EmbeddedStore, query: string, params: Params, perspective: Perspective = 'published') {
  const result = await evaluate(parse(query, {params}), {dataset: store.view(perspective).documents, params})
  return result.get()
}

/**
 * A full scan in two steps, for large datasets. groq-js runs a sub-query inside a filter again for every
 * document it tests, so one full scan of `*[... && references(*[...][0]._id)]` is quadratic: some 25 s at
 * 2,000 articles. The sub-query needs no outer scope, so GROQ gives it one value: this runs it once by a
 * plain full scan, passes that value as a parameter, and full-scans the rest. Written from the query text,
 * not with the planner; checked against the one-step scan on the demo dataset below.
 */
const SCOPE_FREE_REFERENCE = /references\((\*\[[^[\]]*\]\[0\]\._id)\)/g
async function twoStepFullScan(store: EmbeddedStore, query: string, params: Params, perspective: Perspective = 'published') {
  const subQueries = [...query.matchAll(SCOPE_FREE_REFERENCE)].map((match) => match[1])
  if (subQueries.length === 0) return fullScan(store, query, params, perspective)
  const folded: Params = {...params}
  for (const [i, sub] of subQueries.entries()) folded[`__sub${i}`] = await fullScan(store, sub, params, perspective)
  let i = 0
  return fullScan(store, query.replace(SCOPE_FREE_REFERENCE, () => `references($__sub${i++})`), folded, perspective)
}

const slugOf = (doc: StoredDocument) => {
  const slug = (doc.slug as {current?: unknown} | undefined)?.current
  return typeof slug === 'string' ? slug : undefined
}
const ofType = (docs: readonly StoredDocument[], type: string) =>
  docs.filter((doc) => doc._type === type && !doc._id.startsWith('drafts.'))
const slugsOf = (docs: readonly StoredDocument[], type: string) =>
  ofType(docs, type)
    .map(slugOf)
    .filter((slug): slug is string => slug !== undefined)

/** Page 1, page 2, the last page and the page after it, for a listing of `count` cards. */
function pagesOf(count: number): number[] {
  const last = Math.max(1, Math.ceil(count / PAGE_SIZE))
  return [...new Set([1, 2, last, last + 1])].sort((a, b) => a - b)
}

/**
 * The params each page passes to each query, for slugs sampled from the documents (`sample` per type),
 * and for slugs that match nothing. Keyed by definition name: a new query must get an entry here.
 */
function paramsByQuery(docs: readonly StoredDocument[], sample: number): Record<string, Params[]> {
  const every = <T>(list: T[]) => list.filter((_, i) => i % Math.max(1, Math.floor(list.length / sample)) === 0).slice(0, sample)
  // listed articles (they need a slug) per referenced id, as references() finds them: anywhere in the document
  const listed = ofType(docs, 'article').filter((doc) => slugOf(doc) !== undefined)
  const referrers = new Map<string, number>()
  for (const doc of listed) {
    for (const ref of new Set(JSON.stringify(doc).match(/"_ref":"[^"]+"/g) ?? [])) {
      const id = ref.slice(8, -1)
      referrers.set(id, (referrers.get(id) ?? 0) + 1)
    }
  }
  const listing = (type: string, unknown: string) => [
    ...every(ofType(docs, type).filter((doc) => slugOf(doc))).flatMap((doc) =>
      pagesOf(referrers.get(doc._id) ?? 0).map((page) => ({slug: slugOf(doc), ...pageBounds(page)})),
    ),
    {slug: unknown, ...pageBounds(1)},
    {slug: unknown, ...pageBounds(2)},
  ]
  const bySlug = (type: string, ...unknown: string[]) => [...every(slugsOf(docs, type)), ...unknown].map((slug) => ({slug}))
  const sampledArticles = every(listed)
  return {
    siteSettings: [{}],
    latestArticles: [...pagesOf(listed.length).map((page) => pageBounds(page)), pageBounds(1000)],
    articleBySlug: bySlug('article', 'no-such-story', 'inside-the-quantum-roadmap', 'unpublished-draft-0'),
    topicBySlug: bySlug('topic', 'no-such-topic'),
    topicArticles: listing('topic', 'no-such-topic'),
    authorBySlug: bySlug('author', 'no-such-author'),
    authorArticles: listing('author', 'no-such-author'),
    allQuotes: [pageBounds(1, 24), pageBounds(2, 3), pageBounds(50, 24)],
    quoteBySlug: bySlug('quote', 'no-such-quote'),
    allPrincipleLists: [pageBounds(1, 24), pageBounds(2, 2), pageBounds(50, 24)],
    principleListBySlug: bySlug('principleList', 'no-such-list'),
    allTopics: [{}],
    slugsOf: ['article', 'topic', 'author', 'quote', 'principleList', 'no-such-type'].flatMap((type) => [
      {type, limit: 200},
      {type, limit: 3},
    ]),
    relatedArticles: [
      ...sampledArticles.map((doc) => ({id: doc._id, topicIds: ((doc.topics ?? []) as {_ref: string}[]).map((topic) => topic._ref)})),
      {id: 'no-such-story', topicIds: ofType(docs, 'topic').map((doc) => doc._id)},
      {id: 'no-such-story', topicIds: []},
    ],
    referencingDocuments: [...sampledArticles, ...every(ofType(docs, 'topic')), ...every(ofType(docs, 'quote'))]
      .map((doc) => ({id: doc._id}))
      .concat({id: 'no-such-id'}),
    searchContent: [
      {q: 'facial* recognition*', ...pageBounds(1)},
      {q: 'privacy*', ...pageBounds(2)},
      {q: 'zzzz*', ...pageBounds(1)},
    ],
    feedArticles: [{}],
    topicFeed: bySlug('topic', 'no-such-topic'),
    sitemapEntries: [{}],
    recentNews: ['2000-01-01T00:00:00Z', '2025-06-01T00:00:00Z', '2100-01-01T00:00:00Z'].map((since) => ({since})),
  }
}

/** Every site query with several param sets, by name. */
function casesFor(docs: readonly StoredDocument[], sample: number): Case[] {
  const params = paramsByQuery(docs, sample)
  return definitions.flatMap((definition) =>
    (params[definition.name] ?? []).map((p): Case => [`${definition.name} ${JSON.stringify(p)}`, definition.query, p]),
  )
}

/** Each case in each perspective, for it.each. */
const inPerspectives = (cases: Case[]) =>
  PERSPECTIVES.flatMap((perspective) => cases.map(([name, query, params]) => [perspective, name, query, params] as const))

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-store-'))
afterAll(() => fs.rmSync(DIR, {recursive: true, force: true}))
let stores = 0
function storeOf(docs: readonly StoredDocument[]): EmbeddedStore {
  const file = path.join(DIR, `dataset-${stores++}.ndjson`)
  fs.writeFileSync(file, toNdjson(docs))
  return new EmbeddedStore(file)
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-store-'))
}

describe('the indexed store answers exactly like a full groq-js scan', () => {
  const demo = new EmbeddedStore(DEMO)
  const demoCases = casesFor(demo.documents, Infinity)

  it('the cases cover every query the site defines', () => {
    const names = new Set(Object.keys(paramsByQuery(demo.documents, 1)))
    for (const definition of definitions) expect(names).toContain(definition.name)
    const covered = new Set(demoCases.map(([, query]) => query))
    for (const definition of definitions) expect(covered).toContain(definition.query)
  })

  it.each(inPerspectives(demoCases))('demo dataset, %s: %s', async (perspective, _name, query, params) => {
    const indexed = await demo.query(query, params, perspective)
    expect(indexed).toStrictEqual(await fullScan(demo, query, params, perspective))
  })

  it.each(inPerspectives(demoCases.filter(([, query]) => query.match(SCOPE_FREE_REFERENCE))))('the two-step full scan equals the one-step one, %s: %s', async (perspective, _name, query, params) => {
    expect(await twoStepFullScan(demo, query, params, perspective)).toStrictEqual(await fullScan(demo, query, params, perspective))
  })

  it('the demo cases return content, not just matching nulls and empty lists', async () => {
    const latest = await demo.query<{title: string}[]>(queries.latestArticles.query, pageBounds(1))
    expect(latest).toHaveLength(PAGE_SIZE + 1)
    const topic = await demo.query<unknown[]>(queries.topicArticles.query, {slug: 'ai', ...pageBounds(1)})
    expect(topic.length).toBeGreaterThan(2)
    const author = await demo.query<unknown[]>(queries.authorArticles.query, {slug: slugsOf(demo.documents, 'author')[0], ...pageBounds(1)})
    expect(author.length).toBeGreaterThan(0)
    const quote = await demo.query<{articles: unknown[]}>(queries.quoteBySlug.query, {slug: 'brad-smith-facial-recognition-police'})
    expect(quote.articles.length).toBeGreaterThan(0)
  })

  it('draft titles are never in published results, and are in drafts ones', async () => {
    const titles = async (perspective: Perspective) => {
      const listings = await Promise.all([
        demo.query<{title: string}[]>(queries.latestArticles.query, {start: 0, end: 1000}, perspective),
        ...slugsOf(demo.documents, 'topic').map((slug) =>
          demo.query<{title: string}[]>(queries.topicArticles.query, {slug, start: 0, end: 1000}, perspective),
        ),
      ])
      return listings.flat().map((card) => card.title)
    }
    const published = await titles('published')
    for (const draft of DRAFT_TITLES) expect(published).not.toContain(draft)
    const drafts = await titles('drafts')
    for (const draft of DRAFT_TITLES) expect(drafts).toContain(draft)
  })

  describe('generated datasets', () => {
    const large = storeOf(generateDataset(2000, 7))
    const medium = storeOf(generateDataset(60, 11))

    it('hold 2,000 and 60 published articles, and drafts', () => {
      expect(large.view('published').byType.get('article')).toHaveLength(2000)
      expect(medium.view('published').byType.get('article')).toHaveLength(60)
      expect(large.view('drafts').byType.get('article')!.length).toBeGreaterThan(2000)
    })

    // One-step full scans of every query, sub-queries in filters included (quadratic in groq-js, so a small dataset).
    it.each(inPerspectives(casesFor(medium.documents, 2)))('60 articles, %s: %s', async (perspective, _name, query, params) => {
      expect(await medium.query(query, params, perspective)).toStrictEqual(await fullScan(medium, query, params, perspective))
    })

    it.each(inPerspectives(casesFor(large.documents, 2)))(
      '2,000 articles, %s: %s',
      async (perspective, _name, query, params) => {
        expect(await large.query(query, params, perspective)).toStrictEqual(await twoStepFullScan(large, query, params, perspective))
      },
      30_000,
    )

    it('the compared queries return content, not just matching nulls', async () => {
      const page = await large.query<{title: string}[]>(queries.latestArticles.query, pageBounds(1))
      expect(page).toHaveLength(PAGE_SIZE + 1)
      const deep = await large.query<unknown[]>(queries.latestArticles.query, pageBounds(Math.ceil(slugsOf(large.documents, 'article').length / PAGE_SIZE)))
      expect(deep.length).toBeGreaterThan(0)
      const slug = slugsOf(large.documents, 'topic')[0]
      const topic = await large.query<unknown[]>(queries.topicArticles.query, {slug, ...pageBounds(2)})
      expect(topic).toHaveLength(PAGE_SIZE + 1)
      const quotes = await large.query<unknown[]>(queries.allQuotes.query, pageBounds(2, 24))
      expect(quotes).toHaveLength(Math.min(25, ofType(large.documents, 'quote').length - 24))
      const article = await large.query<{body: unknown[]} | null>(queries.articleBySlug.query, {
        slug: slugsOf(large.documents, 'article')[0],
      })
      expect(article?.body.length).toBeGreaterThan(0)
    })

    it('published listings hold no draft, drafts listings do', async () => {
      const titles = async (perspective: Perspective) =>
        (await large.query<{title: string}[]>(queries.latestArticles.query, {start: 0, end: 5000}, perspective)).map((card) => card.title)
      const published = await titles('published')
      expect(published.filter((title) => title.startsWith('Draft: ') || title.startsWith('Unpublished draft'))).toEqual([])
      const drafts = await titles('drafts')
      expect(drafts.filter((title) => title.startsWith('Draft: ')).length).toBeGreaterThan(0)
      expect(drafts[0]).toMatch(/^Unpublished draft/)
    })
  })
})

/** Runs the planner alone, as the store does, to see what it hands groq-js. */
async function plan(store: EmbeddedStore, query: string, params: Params = {}, perspective: Perspective = 'published') {
  const view = store.view(perspective)
  const dereference = ({_ref}: {_ref: string}) => view.byId.get(_ref)
  const run = async (tree: ExprNode, dataset: StoredDocument[]) => (await evaluate(tree, {dataset, params, dereference})).get()
  return planQuery(parse(query, {params}), view, run)
}

const countEverything = (tree: unknown) => JSON.stringify(tree).split('"type":"Everything"').length - 1

/**
 * Watches DocumentView.sortedBy on both perspectives of a store: a non-empty list of results means the
 * ordered-slice pushdown ran; a null among them means it gave up (a document lacks the field).
 */
function watchSortedBy(store: EmbeddedStore) {
  const spies = PERSPECTIVES.map((perspective) => jest.spyOn(store.view(perspective) as DocumentView, 'sortedBy'))
  return {
    results: () => spies.flatMap((spy) => spy.mock.results.map((result) => result.value as StoredDocument[] | null)),
    reset: () => spies.forEach((spy) => spy.mockClear()),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  }
}

describe('the planner', () => {
  const demo = new EmbeddedStore(DEMO)
  const same = async (store: EmbeddedStore, query: string, params: Params = {}) => {
    for (const perspective of PERSPECTIVES) {
      expect(await store.query(query, params, perspective)).toStrictEqual(await fullScan(store, query, params, perspective))
    }
  }

  /**
   * Articles in three tie groups of publishedAt (and _updatedAt), in an order unrelated to the dates,
   * over two topics; a few lack a slug; drafts retitle some and add draft-only ones.
   */
  function tiedDataset(): StoredDocument[] {
    const dates = ['2024-03-01T09:00:00Z', '2024-01-15T12:00:00Z', '2024-02-10T08:30:00Z']
    const docs: StoredDocument[] = [
      {_id: 'topic-a', _type: 'topic', title: 'A', slug: {_type: 'slug', current: 'a'}},
      {_id: 'topic-b', _type: 'topic', title: 'B', slug: {_type: 'slug', current: 'b'}},
      {_id: 'author-x', _type: 'author', name: 'X', slug: {_type: 'slug', current: 'x'}},
    ]
    for (let i = 0; i < 40; i++) {
      docs.push({
        _id: `article-${String((i * 17) % 40).padStart(2, '0')}`,
        _type: 'article',
        _updatedAt: dates[(i * 7) % 3],
        title: `Story ${i}`,
        ...(i % 11 === 5 ? {} : {slug: {_type: 'slug', current: `story-${i}`}}),
        publishedAt: dates[i % 3],
        author: {_type: 'reference', _ref: 'author-x'},
        topics: [{_type: 'reference', _key: `k${i}`, _ref: i % 4 === 0 ? 'topic-b' : 'topic-a'}],
      })
    }
    for (const i of [3, 4, 20]) {
      const doc = docs.find((d) => d.title === `Story ${i}`)!
      docs.push({...doc, _id: `drafts.${doc._id}`, title: `Draft of story ${i}`})
    }
    docs.push({
      _id: 'drafts.article-new',
      _type: 'article',
      _updatedAt: dates[2],
      title: 'Draft-only story',
      slug: {_type: 'slug', current: 'draft-only'},
      publishedAt: dates[0],
      topics: [{_type: 'reference', _key: 'kn', _ref: 'topic-a'}],
    })
    return docs
  }

  describe('ordered slices over ties in the order field keep the full scan’s order', () => {
    const tied = storeOf(tiedDataset())
    const sortedBy = watchSortedBy(tied)
    afterAll(() => sortedBy.restore())
    const slices = [
      [0, 1],
      [0, 5],
      [3, 17],
      [10, 14],
      [12, 25],
      [13, 14],
      [30, 45],
      [0, 100],
    ]
    const cases = (['asc', 'desc'] as const).flatMap((direction) =>
      slices.flatMap(([start, end]) => [
        [`*[_type == "article"] | order(publishedAt ${direction}) [${start}...${end}]._id`, {}],
        [`*[_type == "article" && defined(slug.current)] | order(publishedAt ${direction}) [$start...$end] {_id, title}`, {start, end}],
        [`*[_type == "article" && references("topic-a")] | order(publishedAt ${direction}) [${start}..${end}]._id`, {}],
        [`*[_type == "article" && references(*[_type == "topic" && slug.current == "a"][0]._id)] | order(_updatedAt ${direction}) [${start}...${end}]._id`, {}],
      ] as const),
    )

    it.each(cases)('%s %j', async (query, params) => {
      sortedBy.reset()
      await same(tied, query, params)
      // the pushdown ran, over lists it could sort
      expect(sortedBy.results().length).toBeGreaterThan(0)
      expect(sortedBy.results().every(Array.isArray)).toBe(true)
    })

    it('the dataset really has ties, and the slices cut through them', async () => {
      const dates = await tied.query<string[]>('*[_type == "article"] | order(publishedAt desc) [10...14].publishedAt')
      expect(new Set(dates).size).toBe(1)
    })

    it.each(['latestArticles', 'topicArticles', 'authorArticles', 'slugsOf'])('site listing %s', async (name) => {
      const definition = definitions.find((d) => d.name === name)!
      for (const page of [1, 2, 3, 4]) {
        const params = name === 'slugsOf' ? {type: 'article', limit: page * 5} : {slug: name === 'authorArticles' ? 'x' : 'a', ...pageBounds(page, 5)}
        await same(tied, definition.query, params)
      }
    })
  })

  describe('a document missing the order field makes the pushdown fall back to a full ordering', () => {
    const docs = generateDataset(80, 5).map((doc, i) => {
      if (doc._type !== 'article' || i % 9 !== 0) return doc
      const {publishedAt: _publishedAt, ...rest} = doc
      return rest
    })
    const store = storeOf(docs)
    const sortedBy = watchSortedBy(store)
    afterAll(() => sortedBy.restore())

    it('the dataset has listed articles without publishedAt', () => {
      const missing = store.view('published').byType.get('article')!.filter((doc) => doc.publishedAt === undefined && slugOf(doc))
      expect(missing.length).toBeGreaterThan(3)
    })

    it.each([
      ['latestArticles page 1', queries.latestArticles.query, pageBounds(1)],
      ['latestArticles page 2', queries.latestArticles.query, pageBounds(2)],
      ['latestArticles past the end', queries.latestArticles.query, pageBounds(100)],
      ['ascending, so the missing ones come last', '*[_type == "article"] | order(publishedAt asc) [100...130]._id', {}],
      ['descending, so the missing ones come first', '*[_type == "article"] | order(publishedAt desc) [0...20]{_id, publishedAt}', {}],
      ['[n]', '*[_type == "article"] | order(publishedAt desc) [3]{_id}', {}],
      ['topicArticles', queries.topicArticles.query, {slug: slugsOf(docs, 'topic')[0], ...pageBounds(1)}],
    ] as const)('%s still matches', async (_name, query, params) => {
      sortedBy.reset()
      await same(store, query, params)
      expect(sortedBy.results()).toContain(null)
    })

    it('the missing ones are in the results (null sorts after strings)', async () => {
      const first = await store.query<{publishedAt?: string}[]>('*[_type == "article"] | order(publishedAt desc) [0...3]{publishedAt}')
      expect(first).toEqual([{publishedAt: null}, {publishedAt: null}, {publishedAt: null}])
    })
  })

  describe('[n] element access', () => {
    const store = storeOf(generateDataset(300, 3))
    it.each([
      ['*[_type == "article"] | order(publishedAt desc) [0]._id', {}],
      ['*[_type == "article"] | order(publishedAt desc) [7]{_id, title, "author": author->name}', {}],
      ['*[_type == "article"] | order(publishedAt asc) [$n]', {n: 42}],
      ['*[_type == "article" && defined(slug.current)] | order(publishedAt desc) [299]._id', {}],
      ['*[_type == "article"] | order(publishedAt desc) [5000]._id', {}],
      ['*[_type == "article"] | order(publishedAt desc) [-1]._id', {}],
      ['*[_type == "article" && references("topic-1")] | order(_updatedAt desc) [3].title', {}],
    ] as const)('%s %j', async (query, params) => {
      await same(store, query, params)
    })

    it('keeps only the first n + 1 matches for groq-js', async () => {
      const {dataset} = await plan(store, '*[_type == "article"] | order(publishedAt desc) [7]{_id}')
      expect(dataset).toHaveLength(8)
    })
  })

  describe('order() with a filter that excludes most documents', () => {
    const store = storeOf(generateDataset(600, 9))
    it.each([
      ['*[_type == "article" && hasAffiliateLinks == true] | order(publishedAt desc) [0...12]._id', {}],
      ['*[_type == "article" && hasAffiliateLinks == true] | order(publishedAt desc) [40...80]._id', {}],
      ['*[_type == "article" && publishedAt < "2024-02-15"] | order(publishedAt desc) [0...5]{_id, publishedAt}', {}],
      ['*[_type == "article" && title match "zzzz-nothing"] | order(publishedAt desc) [0...5]._id', {}],
      ['*[_type == "article" && _id in ["article-500", "article-3", "article-77"]] | order(publishedAt asc) [0...2]._id', {}],
      ['*[_type == "article" && slug.current == $slug] | order(publishedAt desc) [0]._id', {slug: 'story-5-chips'}],
    ] as const)('%s %j', async (query, params) => {
      await same(store, query, params)
    })

    it('the sparse filter still matches something', async () => {
      expect((await store.query<unknown[]>('*[_type == "article" && hasAffiliateLinks == true]._id')).length).toBeGreaterThan(40)
    })
  })

  describe('references()', () => {
    const store = storeOf(generateDataset(60, 4))

    it.each([
      ['an array literal', '*[_type == "article" && references(["topic-0", "topic-3"])] | order(publishedAt desc) [0...20]._id', {}],
      ['an array literal, no order()', '*[_type == "article" && references(["topic-3", "topic-0"])]._id', {}],
      ['an array from params', '*[_type == "article" && references($ids)] | order(publishedAt desc) [5...25]._id', {ids: ['author-2', 'quote-1']}],
      ['an empty array', '*[_type == "article" && references([])]._id', {}],
      ['an id nothing references', '*[references("no-such-id")]._id', {}],
      ['without a type', '*[references("quote-2")] | order(_id asc)._id', {}],
      ['a reference deep in the body', '*[references("principles-1")]{_id, title}', {}],
    ] as const)('%s', async (_name, query, params) => {
      await same(store, query, params)
    })

    it.each([
      ['a sub-query that finds nothing', '*[_type == "article" && references(*[_type == "topic" && slug.current == "nope"][0]._id)] | order(publishedAt desc) [0...5]._id'],
      ['a sub-query of a missing field', '*[_type == "article" && references(*[_type == "topic"][0].nothing)]._id'],
      ['a sub-query returning an array of ids', '*[_type == "article" && references(*[_type == "topic" && title in ["AI", "Space"]]._id)] | order(publishedAt desc) [0...30]._id'],
    ])('%s', async (_name, query) => {
      await same(store, query)
    })

    it('a sub-query returning null is folded into a null value, and matches nothing', async () => {
      const query = '*[_type == "article" && references(*[_type == "topic" && slug.current == "nope"][0]._id)] | order(publishedAt desc) [0...5]._id'
      const {tree, dataset} = await plan(store, query)
      expect(countEverything(tree)).toBe(1)
      expect(JSON.stringify(tree)).toContain('"name":"references","args":[{"type":"Value","value":null}]')
      expect(dataset).toEqual([])
      expect(await store.query(query)).toEqual([])
    })

    it('a parent scope, references(^._id), is not folded and still matches', async () => {
      const query = '*[_type == "topic"] | order(title asc) {title, "latest": *[_type == "article" && references(^._id)] | order(publishedAt desc) [0...3]._id, "n": count(*[references(^._id)])}'
      const {tree} = await plan(store, query)
      expect(tree).toEqual(parse(query))
      await same(store, query)
      await same(demo, query)
    })

    it('two * in the query: no pushdown, still equal', async () => {
      const queriesWithTwoStars = [
        '{"latest": *[_type == "article"] | order(publishedAt desc) [0...3]._id, "topics": count(*[_type == "topic"])}',
        '*[_type == "article" && count(*[_type == "topic"]) > 5] | order(publishedAt desc) [0...3]._id',
        '*[_type == "article"] | order(publishedAt desc) [0...3]{_id, "topics": *[_type == "topic" && _id in ^.topics[]._ref].title}',
      ]
      const sortedBy = watchSortedBy(store)
      try {
        for (const query of queriesWithTwoStars) {
          await same(store, query)
          await same(demo, query)
        }
        expect(sortedBy.results()).toEqual([])
      } finally {
        sortedBy.restore()
      }
    })
  })

  describe('what the planner hands groq-js', () => {
    const large = storeOf(generateDataset(1000, 2))

    it('latestArticles: only the page’s matches, in order, with the slice moved to start at 0', async () => {
      for (const page of [1, 3]) {
        const params = pageBounds(page)
        const {tree, dataset} = await plan(large, queries.latestArticles.query, params)
        expect(dataset).toHaveLength(params.end - params.start)
        const ids = await large.query<{_id: string}[]>(queries.latestArticles.query, params)
        expect(dataset.map((doc) => doc._id)).toEqual(ids.map((card) => card._id))
        expect(JSON.stringify(tree)).toContain(`"left":0,"right":${params.end - params.start}`)
      }
    })

    it('allQuotes: sorted on two keys (date, then _id) from the index', async () => {
      const params = pageBounds(2, 24)
      const {dataset} = await plan(large, queries.allQuotes.query, params)
      const ids = await large.query<{_id: string}[]>(queries.allQuotes.query, params)
      expect(dataset.map((doc) => doc._id)).toEqual(ids.map((quote) => quote._id))
      expect(dataset.length).toBeLessThanOrEqual(25)
    })

    it('topicArticles: the sub-query folded into the topic id, then the first `end` referrers', async () => {
      const params = {slug: slugsOf(large.documents, 'topic')[0], ...pageBounds(2)}
      const {tree, dataset} = await plan(large, queries.topicArticles.query, params)
      expect(countEverything(tree)).toBe(1)
      expect(JSON.stringify(tree)).toContain('{"type":"Value","value":"topic-0"}')
      expect(dataset).toHaveLength(params.end - params.start)
      expect(dataset.every((doc) => JSON.stringify(doc).includes('"_ref":"topic-0"'))).toBe(true)
    })

    it('quoteBySlug: folded, and narrowed to the quote and its referrers', async () => {
      const {tree, dataset} = await plan(large, queries.quoteBySlug.query, {slug: 'quote-1'})
      expect(countEverything(tree)).toBe(2)
      expect(JSON.stringify(tree)).toContain('{"type":"Value","value":"quote-1"}')
      const referrers = large.view('published').referrers('quote-1')!
      expect(dataset.length).toBeLessThanOrEqual(referrers.length + 1)
    })

    it('the site listings take the pushdown on generated data', async () => {
      const sortedBy = watchSortedBy(large)
      try {
        const author = slugsOf(large.documents, 'author')[0]
        for (const perspective of PERSPECTIVES) {
          await large.query(queries.latestArticles.query, pageBounds(2), perspective)
          await large.query(queries.topicArticles.query, {slug: slugsOf(large.documents, 'topic')[1], ...pageBounds(1)}, perspective)
          await large.query(queries.authorArticles.query, {slug: author, ...pageBounds(1)}, perspective)
          await large.query(queries.slugsOf.query, {type: 'article', limit: 200}, perspective)
        }
        expect(sortedBy.results()).toHaveLength(8)
        expect(sortedBy.results().every(Array.isArray)).toBe(true)
      } finally {
        sortedBy.restore()
      }
    })
  })

  /** Shapes that once made the planner differ from a full scan. */
  describe('regressions', () => {
    // a negative slice bound counts from the end of the whole match list: no pushdown
    it('a negative slice bound under order()', async () => {
      await same(demo, '*[_type == "article"] | order(publishedAt desc) [0...-1]._id')
    })

    it('a negative start and end under order()', async () => {
      await same(demo, '*[_type == "article"] | order(publishedAt desc) [-4...-1]._id')
    })

    // the pushdown's filter test must dereference like the query does
    it('a dereference in the filter of an ordered slice', async () => {
      await same(demo, '*[_type == "article" && author->slug.current == "jane-doe"] | order(publishedAt desc) [0...3]._id')
    })

    // a document references many ids: two references() terms must not intersect their id lists
    it('two references() terms in one filter', async () => {
      await same(demo, '*[_type == "article" && references("topic-ai") && references("author-jane-doe")]._id')
    })
  })
})

describe('queries the site does not run yet, compared the same way', () => {
  const demo = new EmbeddedStore(DEMO)
  const same = async (query: string) => expect(await demo.query(query)).toStrictEqual(await fullScan(demo, query, {}))

  it('several constraints on several * keep dataset order', async () => {
    await same('{"a": *[_type == "author"]._id, "b": *[_type == "topic"]._id}')
  })

  it('an `in` list whose values are in dataset order', async () => {
    await same('*[_type in ["topic", "author"]]._id')
  })

  // `in` lists name candidates in any order, possibly twice; the result must still be dataset order, once each.
  it('an `in` list of types in another order than the dataset', async () => {
    await same('*[_type in ["author", "topic"]]._id')
  })

  it('an `in` list of ids in another order than the dataset', async () => {
    await same('*[_id in ["topic-policy", "topic-ai"]]._id')
  })

  it('an `in` list of slugs in another order than the dataset', async () => {
    await same('*[slug.current in ["policy", "ai"]]._id')
  })

  it('an `in` list naming one id twice', async () => {
    await same('*[_id in ["topic-ai", "topic-ai"]]._id')
  })
})

describe('generateDataset', () => {
  it('is deterministic for a seed, and differs between seeds', () => {
    expect(generateDataset(50, 3)).toStrictEqual(generateDataset(50, 3))
    expect(generateDataset(50, 3)).not.toStrictEqual(generateDataset(50, 4))
  })

  it('writes articles whose bodies embed quotes and principle lists, with drafts beside them', () => {
    const docs = generateDataset(200)
    const ids = new Set(docs.map((doc) => doc._id))
    expect(ids.size).toBe(docs.length)
    const articles = docs.filter((doc) => doc._type === 'article' && !doc._id.startsWith('drafts.'))
    expect(articles).toHaveLength(200)
    const blocks = articles.flatMap((doc) => doc.body as {_type: string}[])
    expect(blocks.some((block) => block._type === 'quoteEmbed')).toBe(true)
    expect(blocks.some((block) => block._type === 'principleListEmbed')).toBe(true)
    expect(docs.some((doc) => doc._id.startsWith('drafts.article-'))).toBe(true)
    // every reference points at a document that exists
    const refs = JSON.stringify(docs).match(/"_ref":"[^"]+"/g)!.map((match) => match.slice(8, -1))
    expect(refs.filter((ref) => !ids.has(ref))).toEqual([])
  })
})

describe('perspectives', () => {
  const demo = new EmbeddedStore(DEMO)

  describe('published', () => {
    it('never contains a draft', async () => {
      expect(demo.view('published').documents.filter((doc) => doc._id.startsWith('drafts.'))).toEqual([])
      expect(await demo.query('*[_id in path("drafts.**")]._id')).toEqual([])
      const titles = await demo.query<string[]>('*[_type == "article"].title')
      expect(titles.length).toBeGreaterThan(0)
      for (const draft of DRAFT_TITLES) expect(titles).not.toContain(draft)
    })

    it('finds a draft-only slug nowhere', async () => {
      expect(await demo.query('*[slug.current == "inside-the-quantum-roadmap"]')).toEqual([])
    })
  })

  describe('drafts', () => {
    it('lays the draft over the published document, keeping the published _id', async () => {
      const article = await demo.query<StoredDocument>(
        '*[_type == "article" && slug.current == $slug][0]{_id, _originalId, title}',
        {slug: 'microsoft-wont-sell-facial-recognition-to-police'},
        'drafts',
      )
      expect(article).toEqual({
        _id: 'article-facial-recognition-police',
        _originalId: 'drafts.article-facial-recognition-police',
        title: 'Microsoft bars police from its facial recognition until Congress acts',
      })
      const copies = await demo.query('*[_id == "article-facial-recognition-police"]', {}, 'drafts')
      expect(copies).toHaveLength(1)
    })

    it('keeps documents without a draft as they are, their _originalId their own _id', async () => {
      const ibm = await demo.query<StoredDocument>('*[_id == "article-ibm-exits-facial-recognition"][0]{_id, _originalId}', {}, 'drafts')
      expect(ibm).toEqual({_id: 'article-ibm-exits-facial-recognition', _originalId: 'article-ibm-exits-facial-recognition'})
    })

    it('shows a draft-only document only in drafts', async () => {
      const query = '*[_type == "article" && slug.current == "inside-the-quantum-roadmap"][0]{_id, _originalId, title}'
      expect(await demo.query(query)).toBeNull()
      expect(await demo.query(query, {}, 'drafts')).toEqual({
        _id: 'article-draft-only-quantum-roadmap',
        _originalId: 'drafts.article-draft-only-quantum-roadmap',
        title: 'Exclusive: Inside the quantum roadmap nobody has announced yet',
      })
    })

    it('resolves a reference inside a draft to the draft of the referenced document', async () => {
      const store = new EmbeddedStore(path.join(FIXTURES, 'drafts.ndjson'))
      const query = '*[_type == "article" && slug.current == "story-a"][0]{title, "quote": body[0].quote->{_id, _originalId, text}}'
      expect(await store.query(query, {}, 'drafts')).toEqual({
        title: 'Draft headline',
        quote: {_id: 'quote-q', _originalId: 'drafts.quote-q', text: 'The edited words, not yet published.'},
      })
      expect(await store.query(query, {}, 'published')).toEqual({
        title: 'Published headline',
        quote: {_id: 'quote-q', _originalId: null, text: 'The published words.'},
      })
    })

    it('counts each document once, published or draft', async () => {
      const store = new EmbeddedStore(path.join(FIXTURES, 'drafts.ndjson'))
      expect(await store.query('*[_type == "article"] | order(publishedAt asc).title', {}, 'drafts')).toEqual([
        'Another published story',
        'Draft headline',
        'Draft-only headline',
      ])
      expect(await store.query('*[_type == "article"] | order(publishedAt asc).title')).toEqual([
        'Another published story',
        'Published headline',
      ])
    })
  })
})

describe('loading NDJSON', () => {
  it('skips a malformed line with a warning naming the file and line, and loads the rest', () => {
    const file = path.join(FIXTURES, 'malformed.ndjson')
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const docs = readDataset(file)
      expect(docs.map((doc) => doc._id)).toEqual(['author-x', 'quote-q', 'article-c', 'article-a'])
      const messages = warn.mock.calls.map((args) => String(args[0]))
      expect(messages).toHaveLength(2)
      expect(messages[0]).toContain(`${file}:3`)
      expect(messages[1]).toContain(`${file}:5`)
      expect(messages[1]).toContain('no _id or _type')
    } finally {
      warn.mockRestore()
    }
  })

  it('a store over that file still answers queries', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const store = new EmbeddedStore(path.join(FIXTURES, 'malformed.ndjson'))
      expect(await store.query('*[_type == "article"] | order(_id asc)._id')).toEqual(['article-a', 'article-c'])
    } finally {
      warn.mockRestore()
    }
  })
})

describe('changes to the dataset', () => {
  let dir: string
  let file: string
  let store: EmbeddedStore
  const fixture = readDataset(path.join(FIXTURES, 'drafts.ndjson'))
  const title = () => store.query<string | null>('*[_id == "article-c"][0].title')

  beforeEach(() => {
    dir = tmpDir()
    file = path.join(dir, 'dataset.ndjson')
    fs.writeFileSync(file, toNdjson(fixture))
    store = new EmbeddedStore(file)
  })

  afterEach(() => {
    store.close()
    fs.rmSync(dir, {recursive: true, force: true})
  })

  /** The fixture with article-c retitled, drafts.article-b removed and a new topic added. */
  const edited = () => [
    ...fixture
      .filter((doc) => doc._id !== 'drafts.article-b')
      .map((doc) => (doc._id === 'article-c' ? {...doc, title: 'A corrected headline'} : doc)),
    {_id: 'topic-new', _type: 'topic', title: 'New topic', slug: {_type: 'slug', current: 'new-topic'}},
  ]

  it('replace() reports changed and removed documents, tells listeners, and serves the new content', async () => {
    expect(await title()).toBe('Another published story')
    const heard: DatasetChange[] = []
    store.onChange((change) => heard.push(change))
    const change = store.replace(edited())
    expect(change.changed.map((doc) => doc._id).sort()).toEqual(['article-c', 'topic-new'])
    expect(change.removed.map((doc) => doc._id)).toEqual(['drafts.article-b'])
    expect(heard).toEqual([change])
    expect(await title()).toBe('A corrected headline')
    expect(await store.query('*[slug.current == "story-b"]', {}, 'drafts')).toEqual([])
  })

  it('replace() with the same documents changes nothing and tells no one', () => {
    const listener = jest.fn()
    store.onChange(listener)
    const change = store.replace(fixture.map((doc) => structuredClone(doc)))
    expect(change.changed).toEqual([])
    expect(change.removed).toEqual([])
    expect(listener).not.toHaveBeenCalled()
  })

  it('a listener that unsubscribes hears nothing more', () => {
    const listener = jest.fn()
    const unsubscribe = store.onChange(listener)
    unsubscribe()
    store.replace(edited())
    expect(listener).not.toHaveBeenCalled()
  })

  it('reload() reads the file again and reports what changed', async () => {
    const listener = jest.fn()
    store.onChange(listener)
    fs.writeFileSync(file, toNdjson(edited()))
    const change = store.reload()
    expect(change.changed.map((doc) => doc._id).sort()).toEqual(['article-c', 'topic-new'])
    expect(change.removed.map((doc) => doc._id)).toEqual(['drafts.article-b'])
    expect(listener).toHaveBeenCalledWith(change)
    expect(await title()).toBe('A corrected headline')
  })

  it('watch() reloads when the file changes on disk', async () => {
    const heard: DatasetChange[] = []
    store.onChange((change) => heard.push(change))
    store.watch()
    fs.writeFileSync(file, toNdjson(edited()))
    await waitFor(() => heard.length > 0)
    expect(heard[0].changed.map((doc) => doc._id).sort()).toEqual(['article-c', 'topic-new'])
    expect(await title()).toBe('A corrected headline')
  })

  it('watch() also picks up a file replaced by rename, as editors save', async () => {
    store.watch()
    const next = path.join(dir, 'dataset.ndjson.tmp')
    fs.writeFileSync(next, toNdjson(edited()))
    fs.renameSync(next, file)
    await waitFor(async () => (await title()) === 'A corrected headline')
    expect(await title()).toBe('A corrected headline')
  })

  it('after close(), changes on disk are no longer loaded', async () => {
    store.watch()
    store.close()
    const listener = jest.fn()
    store.onChange(listener)
    fs.writeFileSync(file, toNdjson(edited()))
    // give a (wrongly) live watcher every chance to fire before checking that nothing happened
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(listener).not.toHaveBeenCalled()
    expect(await title()).toBe('Another published story')
  })
})

/** Polls until the condition holds; fails after a few seconds. */
async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the store to reload')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
