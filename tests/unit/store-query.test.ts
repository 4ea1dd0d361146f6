/** @jest-environment node */
// The indexed store (indexes, candidates, planner) against plain groq-js: every site query, on the demo and on generated datasets.
import * as queries from '@/lib/content/queries'
import {EmbeddedStore, type Perspective, type StoredDocument} from '@/lib/embedded/store'
import {PAGE_SIZE, pageBounds} from '@/lib/pagination/pages'
import {DEMO_DATASET, DRAFT_TITLES, ofType, slugOf, slugsOf} from '../support/demo'
import {generateDataset} from '../support/generate-dataset'
import {fullScan, PERSPECTIVES, siteQueries, temporaryStores, type Params} from '../support/store'

type Case = [name: string, query: string, params: Params]

const storeOf = temporaryStores()

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
  return fullScan(
    store,
    query.replace(SCOPE_FREE_REFERENCE, () => `references($__sub${i++})`),
    folded,
    perspective,
  )
}

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
  return siteQueries.flatMap((definition) =>
    (params[definition.name] ?? []).map((p): Case => [`${definition.name} ${JSON.stringify(p)}`, definition.query, p]),
  )
}

/** Each case in each perspective, for it.each. */
const inPerspectives = (cases: Case[]) =>
  PERSPECTIVES.flatMap((perspective) => cases.map(([name, query, params]) => [perspective, name, query, params] as const))

describe('the indexed store answers exactly like a full groq-js scan', () => {
  const demo = new EmbeddedStore(DEMO_DATASET)
  const demoCases = casesFor(demo.documents, Infinity)

  it('the cases cover every query the site defines', () => {
    const names = new Set(Object.keys(paramsByQuery(demo.documents, 1)))
    for (const definition of siteQueries) expect(names).toContain(definition.name)
    const covered = new Set(demoCases.map(([, query]) => query))
    for (const definition of siteQueries) expect(covered).toContain(definition.query)
  })

  it.each(inPerspectives(demoCases))('demo dataset, %s: %s', async (perspective, _name, query, params) => {
    const indexed = await demo.query(query, params, perspective)
    expect(indexed).toStrictEqual(await fullScan(demo, query, params, perspective))
  })

  it.each(inPerspectives(demoCases.filter(([, query]) => query.match(SCOPE_FREE_REFERENCE))))(
    'the two-step full scan equals the one-step one, %s: %s',
    async (perspective, _name, query, params) => {
      expect(await twoStepFullScan(demo, query, params, perspective)).toStrictEqual(await fullScan(demo, query, params, perspective))
    },
  )

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
      const deep = await large.query<unknown[]>(
        queries.latestArticles.query,
        pageBounds(Math.ceil(slugsOf(large.documents, 'article').length / PAGE_SIZE)),
      )
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

describe('queries the site does not run yet, compared the same way', () => {
  const demo = new EmbeddedStore(DEMO_DATASET)
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
