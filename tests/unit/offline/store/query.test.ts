// The indexed store (indexes, candidates, planner) against plain groq-js: every site query on the demo dataset, and
// queries the site does not run yet. query-generated-*.test.ts compare the same cases on generated datasets.
import * as queries from '@/lib/site/content/queries'
import {EmbeddedStore, type Perspective} from '@/lib/offline/store/store'
import {PAGE_SIZE, pageBounds} from '@/lib/site/pagination/pages'
import {DEMO_DATASET, DRAFT_TITLES, slugsOf} from '../../../support/demo'
import {casesFor, inPerspectives, paramsByQuery, SCOPE_FREE_REFERENCE, twoStepFullScan} from '../../../support/store-cases'
import {fullScan, siteQueries} from '../../../support/store'

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
