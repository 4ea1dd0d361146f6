// The query planner: the candidates and the ordered-slice pushdown it hands groq-js, and that the answers stay a full scan's.
import {evaluate, parse, type ExprNode} from 'groq-js'
import * as queries from '@/lib/site/content/queries'
import {planQuery} from '@/lib/offline/store/planner'
import {EmbeddedStore, type Perspective, type StoredDocument} from '@/lib/offline/store/store'
import type {DocumentView} from '@/lib/offline/store/views'
import {pageBounds} from '@/lib/site/pagination/pages'
import {DEMO_DATASET, slugOf, slugsOf} from '../../../support/demo'
import {generateDataset} from '../../../support/generate-dataset'
import {expectSameAsFullScan as same, PERSPECTIVES, siteQueries, temporaryStores, type Params} from '../../../support/store'

const storeOf = temporaryStores()

/** Runs the planner alone, as the store does, to see what it hands groq-js. */
async function plan(
  store: EmbeddedStore,
  query: string,
  params: Params = {},
  perspective: Perspective = 'published',
  tested: number[] = [],
) {
  const view = store.view(perspective)
  const dereference = ({_ref}: {_ref: string}) => view.byId.get(_ref)
  const run = async (tree: ExprNode, dataset: StoredDocument[]) => {
    // the pushdown's filter test is `*[filter]` alone: note how many documents it was run on
    if (tree.type === 'Filter' && tree.base.type === 'Everything') tested.push(dataset.length)
    return (await evaluate(tree, {dataset, params, dereference})).get()
  }
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
  const demo = new EmbeddedStore(DEMO_DATASET)

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
      slices.flatMap(
        ([start, end]) =>
          [
            [`*[_type == "article"] | order(publishedAt ${direction}) [${start}...${end}]._id`, {}],
            [`*[_type == "article" && defined(slug.current)] | order(publishedAt ${direction}) [$start...$end] {_id, title}`, {start, end}],
            [`*[_type == "article" && references("topic-a")] | order(publishedAt ${direction}) [${start}..${end}]._id`, {}],
            [
              `*[_type == "article" && references(*[_type == "topic" && slug.current == "a"][0]._id)] | order(_updatedAt ${direction}) [${start}...${end}]._id`,
              {},
            ],
          ] as const,
      ),
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
      const definition = siteQueries.find((d) => d.name === name)!
      for (const page of [1, 2, 3, 4]) {
        const params =
          name === 'slugsOf' ? {type: 'article', limit: page * 5} : {slug: name === 'authorArticles' ? 'x' : 'a', ...pageBounds(page, 5)}
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
      const missing = store
        .view('published')
        .byType.get('article')!
        .filter((doc) => doc.publishedAt === undefined && slugOf(doc))
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
      [
        'an array from params',
        '*[_type == "article" && references($ids)] | order(publishedAt desc) [5...25]._id',
        {ids: ['author-2', 'quote-1']},
      ],
      ['an empty array', '*[_type == "article" && references([])]._id', {}],
      ['an id nothing references', '*[references("no-such-id")]._id', {}],
      ['without a type', '*[references("quote-2")] | order(_id asc)._id', {}],
      ['a reference deep in the body', '*[references("principles-1")]{_id, title}', {}],
    ] as const)('%s', async (_name, query, params) => {
      await same(store, query, params)
    })

    it.each([
      [
        'a sub-query that finds nothing',
        '*[_type == "article" && references(*[_type == "topic" && slug.current == "nope"][0]._id)] | order(publishedAt desc) [0...5]._id',
      ],
      ['a sub-query of a missing field', '*[_type == "article" && references(*[_type == "topic"][0].nothing)]._id'],
      [
        'a sub-query returning an array of ids',
        '*[_type == "article" && references(*[_type == "topic" && title in ["AI", "Space"]]._id)] | order(publishedAt desc) [0...30]._id',
      ],
    ])('%s', async (_name, query) => {
      await same(store, query)
    })

    it('a sub-query returning null is folded into a null value, and matches nothing', async () => {
      const query =
        '*[_type == "article" && references(*[_type == "topic" && slug.current == "nope"][0]._id)] | order(publishedAt desc) [0...5]._id'
      const {tree, dataset} = await plan(store, query)
      expect(countEverything(tree)).toBe(1)
      expect(JSON.stringify(tree)).toContain('"name":"references","args":[{"type":"Value","value":null}]')
      expect(dataset).toEqual([])
      expect(await store.query(query)).toEqual([])
    })

    it('a parent scope, references(^._id), is not folded and still matches', async () => {
      const query =
        '*[_type == "topic"] | order(title asc) {title, "latest": *[_type == "article" && references(^._id)] | order(publishedAt desc) [0...3]._id, "n": count(*[references(^._id)])}'
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

  describe('a deep page remembers what the filter said of each document above it', () => {
    const docs = generateDataset(300, 2)
    const store = storeOf(docs)
    const total = (tested: number[]) => tested.reduce((sum, n) => sum + n, 0)

    it('asked again, groq-js tests none of them: it gets only the page', async () => {
      const params = pageBounds(10)
      const first: number[] = []
      const again: number[] = []
      const before = await plan(store, queries.latestArticles.query, params, 'published', first)
      const after = await plan(store, queries.latestArticles.query, params, 'published', again)
      expect(total(first)).toBeGreaterThanOrEqual(params.end)
      expect(total(again)).toBe(0)
      expect(after.dataset.map((doc) => doc._id)).toEqual(before.dataset.map((doc) => doc._id))
      // a shallower page of the same listing is answered from what the deep one learned
      const shallow: number[] = []
      await plan(store, queries.latestArticles.query, pageBounds(3), 'published', shallow)
      expect(total(shallow)).toBe(0)
      await same(store, queries.latestArticles.query, params)
    })

    it('an edited document is tested again, and the page follows the edit', async () => {
      const params = pageBounds(2)
      const page = await store.query<{_id: string}[]>(queries.latestArticles.query, params)
      const unlisted = store.view('published').byId.get(page[0]._id)!
      const {slug: _slug, ...withoutSlug} = unlisted
      store.commit(new Map([[unlisted._id, withoutSlug as StoredDocument]]))
      const tested: number[] = []
      await plan(store, queries.latestArticles.query, params, 'published', tested)
      expect(total(tested)).toBe(1)
      const now = await store.query<{_id: string}[]>(queries.latestArticles.query, params)
      expect(now.map((card) => card._id)).not.toContain(unlisted._id)
      await same(store, queries.latestArticles.query, params)
    })

    it('a filter that reads the clock or another document is tested every time', async () => {
      for (const query of [
        '*[_type == "article" && publishedAt < now()] | order(publishedAt desc) [20...24]._id',
        '*[_type == "article" && defined(author->name)] | order(publishedAt desc) [20...24]._id',
      ]) {
        const first: number[] = []
        const again: number[] = []
        await plan(store, query, {}, 'published', first)
        await plan(store, query, {}, 'published', again)
        expect(total(again)).toBe(total(first))
        expect(total(again)).toBeGreaterThanOrEqual(24)
        await same(store, query)
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
