// The cases tests/unit/offline/store/query*.test.ts compare: every site query with params sampled from a dataset, in each perspective.
import type {EmbeddedStore, Perspective, StoredDocument} from '@/lib/offline/store/store'
import {PAGE_SIZE, pageBounds} from '@/lib/site/pagination/pages'
import {ofType, slugOf, slugsOf} from './demo'
import {fullScan, PERSPECTIVES, siteQueries, type Params} from './store'

export type Case = [name: string, query: string, params: Params]

/**
 * A full scan in two steps, for large datasets. groq-js runs a sub-query inside a filter again for every
 * document it tests, so one full scan of `*[... && references(*[...][0]._id)]` is quadratic: some 25 s at
 * 2,000 articles. The sub-query needs no outer scope, so GROQ gives it one value: this runs it once by a
 * plain full scan, passes that value as a parameter, and full-scans the rest. Written from the query text,
 * not with the planner; checked against the one-step scan on the demo dataset below.
 */
export const SCOPE_FREE_REFERENCE = /references\((\*\[[^[\]]*\]\[0\]\._id)\)/g
export async function twoStepFullScan(store: EmbeddedStore, query: string, params: Params, perspective: Perspective = 'published') {
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
export function paramsByQuery(docs: readonly StoredDocument[], sample: number): Record<string, Params[]> {
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
export function casesFor(docs: readonly StoredDocument[], sample: number): Case[] {
  const params = paramsByQuery(docs, sample)
  return siteQueries.flatMap((definition) =>
    (params[definition.name] ?? []).map((p): Case => [`${definition.name} ${JSON.stringify(p)}`, definition.query, p]),
  )
}

/** Each case in each perspective (by default every one the store serves), for it.each. */
export const inPerspectives = (cases: Case[], perspectives: readonly Perspective[] = PERSPECTIVES) =>
  perspectives.flatMap((perspective) => cases.map(([name, query, params]) => [perspective, name, query, params] as const))

/**
 * The comparison on two generated datasets, in one perspective: one-step full scans of every query on the medium one
 * (sub-queries in filters are quadratic in groq-js, so a small dataset), two-step ones on the large one.
 */
export function itComparesEveryCase(perspective: Perspective, {large, medium}: {large: EmbeddedStore; medium: EmbeddedStore}) {
  it.each(inPerspectives(casesFor(medium.documents, 2), [perspective]))(
    '60 articles, %s: %s',
    async (perspective, _name, query, params) => {
      expect(await medium.query(query, params, perspective)).toStrictEqual(await fullScan(medium, query, params, perspective))
    },
  )

  it.each(inPerspectives(casesFor(large.documents, 2), [perspective]))(
    '2,000 articles, %s: %s',
    async (perspective, _name, query, params) => {
      expect(await large.query(query, params, perspective)).toStrictEqual(await twoStepFullScan(large, query, params, perspective))
    },
    30_000,
  )
}
