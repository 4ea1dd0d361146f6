import path from 'node:path'
import {fetchContent} from '@/lib/site/content/fetch'
import * as distribution from '@/lib/site/content/distribution-queries'
import * as queries from '@/lib/site/content/queries'
import {readDataset, type StoredDocument} from '@/lib/offline/store/store'
import {PAGE_SIZE, pageBounds} from '@/lib/site/pagination/pages'

const DEMO = path.join(process.cwd(), 'sanity/demo/dataset.ndjson')
const DRAFT_TITLES = [
  'Microsoft bars police from its facial recognition until Congress acts',
  'Exclusive: Inside the quantum roadmap nobody has announced yet',
]

const published = readDataset(DEMO).filter((doc) => !doc._id.startsWith('drafts.'))
/** Published articles a listing can show (they need a slug). */
const listed = published.filter(
  (doc) => doc._type === 'article' && typeof (doc.slug as {current?: unknown} | undefined)?.current === 'string',
)
const idOf = (type: string, slug: string) =>
  published.find((doc) => doc._type === type && (doc.slug as {current?: string} | undefined)?.current === slug)!._id
/** Listed articles holding a reference to `id` anywhere in them, as GROQ's references() finds them. */
const listedReferencing = (id: string) => listed.filter((doc) => JSON.stringify(doc).includes(`"_ref":"${id}"`))
const newestFirst = (dates: string[]) => [...dates].sort().reverse()

const slugOf = (doc: StoredDocument) => (doc.slug as {current?: string} | undefined)?.current
const slugsOfType = (type: string) =>
  published
    .filter((doc) => doc._type === type)
    .map(slugOf)
    .filter((slug): slug is string => typeof slug === 'string')

const isDefinition = (value: unknown): value is queries.QueryDefinition =>
  typeof value === 'object' && value !== null && 'query' in value && 'schema' in value
/** Every exported definition: the pages' queries and the feeds' and sitemaps'. */
const modules: Record<string, unknown> = {...queries, ...distribution}
const definitions = Object.entries(modules).flatMap(([name, value]): [string, queries.QueryDefinition][] =>
  isDefinition(value) ? [[name, value]] : [],
)

describe('the demo dataset', () => {
  it('has published content of every type the queries read', () => {
    for (const type of ['article', 'topic', 'author', 'quote', 'principleList']) {
      expect(slugsOfType(type).length).toBeGreaterThan(0)
    }
  })
})

describe('every query definition', () => {
  /** Each exported definition, with the params a page passes. A new query must be added here. */
  const covered = [
    'siteSettings',
    'latestArticles',
    'articleBySlug',
    'topicBySlug',
    'topicArticles',
    'authorBySlug',
    'authorArticles',
    'allQuotes',
    'quoteBySlug',
    'allPrincipleLists',
    'principleListBySlug',
    'allTopics',
    'slugsOf',
    'relatedArticles',
    'referencingDocuments',
    'searchContent',
    'feedArticles',
    'topicFeed',
    'sitemapEntries',
    'recentNews',
  ]
  /** Params a page passes, to ask each definition for its cache tags. */
  const sampleParams: Record<string, Record<string, unknown>> = {
    slugsOf: {type: 'article', limit: 200},
    relatedArticles: {id: 'article-facial-recognition-police', topicIds: ['topic-ai']},
    referencingDocuments: {id: 'topic-ai'},
    searchContent: {q: 'facial*', ...pageBounds(1)},
    recentNews: {since: '2020-01-01T00:00:00Z'},
  }
  // Revalidation runs it uncached (fetchContent's `fresh`), so it has nothing to be revalidated by.
  const uncached = new Set(['referencingDocuments'])

  it('is covered by this file', () => {
    expect(definitions.map(([name]) => name).sort()).toEqual([...covered].sort())
  })

  it.each(definitions)('%s runs the top-level <name>Query constant that TypeGen types', (exportName, definition) => {
    expect(typeof modules[`${exportName}Query`]).toBe('string')
    expect(definition.query).toBe(modules[`${exportName}Query`])
  })

  it.each(definitions)('%s names itself, and says which documents revalidate it', (exportName, definition) => {
    expect(definition.name).toBe(exportName)
    const tags: unknown = definition.tags
    const list: unknown = typeof tags === 'function' ? tags(sampleParams[exportName] ?? {slug: 'ai', ...pageBounds(1)}) : tags
    expect(Array.isArray(list)).toBe(true)
    expect((list as unknown[]).every((tag) => typeof tag === 'string' && tag.length > 0)).toBe(true)
    if (!uncached.has(exportName)) expect((list as unknown[]).length).toBeGreaterThan(0)
  })
})

describe('queries against the demo dataset, through fetchContent', () => {
  let warn: jest.SpyInstance
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn')
  })
  afterEach(() => {
    // a result that does not parse, or a dropped item, is logged: the demo content must have none
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
  })

  it('siteSettings: title, disclosure and five nav topics', async () => {
    const settings = await fetchContent(queries.siteSettings)
    expect(settings).not.toBeNull()
    expect(settings!.title).toBe('Broadsheet')
    expect(settings!.affiliateDisclosure).toMatch(/may earn a commission/)
    expect(settings!.navTopics.map((topic) => topic.slug)).toEqual(['ai', 'policy', 'privacy', 'hardware', 'security'])
  })

  it('latestArticles: the first page, newest first, with one card of the next page', async () => {
    expect(listed.length).toBeGreaterThan(PAGE_SIZE)
    const page = await fetchContent(queries.latestArticles, pageBounds(1))
    expect(page).not.toBeNull()
    expect(page).toHaveLength(PAGE_SIZE + 1)
    const dates = page!.map((item) => item.publishedAt)
    expect(dates).toEqual(newestFirst(dates))
    expect(page![0].author?.name).toBeTruthy()
    expect(page![0].topics.length).toBeGreaterThan(0)
  })

  it('latestArticles: a later page holds the rest, and no page ever holds a draft', async () => {
    const all = await fetchContent(queries.latestArticles, {start: 0, end: 1000})
    expect(all).toHaveLength(listed.length)
    const second = await fetchContent(queries.latestArticles, pageBounds(2))
    expect(second!.map((item) => item._id)).toEqual(all!.slice(PAGE_SIZE, 2 * PAGE_SIZE + 1).map((item) => item._id))
    expect(second!.length).toBe(listed.length - PAGE_SIZE)
    const titles = all!.map((item) => item.title)
    for (const draft of DRAFT_TITLES) expect(titles).not.toContain(draft)
    expect(all!.every((item) => !item._id.startsWith('drafts.'))).toBe(true)
    expect(await fetchContent(queries.latestArticles, pageBounds(3))).toEqual([])
  })

  it.each(slugsOfType('article'))('articleBySlug(%s) parses, with a body', async (slug) => {
    const article = await fetchContent(queries.articleBySlug, {slug})
    expect(article).not.toBeNull()
    expect(article!.slug).toBe(slug)
    expect(article!.author.slug).toBeTruthy()
    expect(article!.body.length).toBeGreaterThan(0)
  })

  it('articleBySlug resolves the model article’s embeds and internal links', async () => {
    const article = await fetchContent(queries.articleBySlug, {slug: 'microsoft-wont-sell-facial-recognition-to-police'})
    expect(article!.title).toBe('Microsoft won’t sell facial recognition to police until there’s a national law')
    const quote = article!.body.find((block) => block._type === 'quoteEmbed')
    expect(quote?._type === 'quoteEmbed' && quote.quote.speakerName).toBe('Brad Smith')
    const list = article!.body.find((block) => block._type === 'principleListEmbed')
    expect(list?._type === 'principleListEmbed' && list.principleList.principles).toHaveLength(6)
    const internal = article!.body.flatMap((block) => (block._type === 'block' ? block.markDefs : []))
    expect(internal).toContainEqual(expect.objectContaining({_type: 'internalLink', slug: 'ibm-exits-facial-recognition-business'}))
  })

  it('articleBySlug is null for an unknown slug and for a draft-only article', async () => {
    expect(await fetchContent(queries.articleBySlug, {slug: 'no-such-story'})).toBeNull()
    expect(await fetchContent(queries.articleBySlug, {slug: 'inside-the-quantum-roadmap'})).toBeNull()
  })

  it.each(slugsOfType('topic'))('topicBySlug(%s) parses', async (slug) => {
    const topic = await fetchContent(queries.topicBySlug, {slug})
    expect(topic).toEqual(expect.objectContaining({_id: idOf('topic', slug), slug, title: expect.any(String)}))
  })

  it.each(slugsOfType('topic'))('topicArticles(%s) lists the topic’s articles, newest first, no drafts', async (slug) => {
    const expected = listedReferencing(idOf('topic', slug))
    expect(expected.length).toBeGreaterThan(0)
    const items = await fetchContent(queries.topicArticles, {slug, ...pageBounds(1)})
    expect(items).not.toBeNull()
    expect(items!.length).toBe(Math.min(expected.length, PAGE_SIZE + 1))
    expect(items!.every((item) => item.topics.some((t) => t.slug === slug))).toBe(true)
    expect(items!.map((item) => item.publishedAt)).toEqual(
      newestFirst(expected.map((doc) => doc.publishedAt as string)).slice(0, items!.length),
    )
    for (const draft of DRAFT_TITLES) expect(items!.map((item) => item.title)).not.toContain(draft)
    const all = await fetchContent(queries.topicArticles, {slug, start: 0, end: 1000})
    expect(all!.map((item) => item._id).sort()).toEqual(expected.map((doc) => doc._id).sort())
  })

  it('topicBySlug is null, and topicArticles empty, for an unknown topic', async () => {
    expect(await fetchContent(queries.topicBySlug, {slug: 'no-such-topic'})).toBeNull()
    expect(await fetchContent(queries.topicArticles, {slug: 'no-such-topic', ...pageBounds(1)})).toEqual([])
  })

  it.each(slugsOfType('author'))('authorBySlug(%s) parses', async (slug) => {
    const author = await fetchContent(queries.authorBySlug, {slug})
    expect(author).toEqual(expect.objectContaining({_id: idOf('author', slug), slug, name: expect.any(String)}))
  })

  it.each(slugsOfType('author'))('authorArticles(%s) lists the author’s articles, newest first, no drafts', async (slug) => {
    const expected = listedReferencing(idOf('author', slug))
    expect(expected.length).toBeGreaterThan(0)
    const items = await fetchContent(queries.authorArticles, {slug, start: 0, end: 1000})
    expect(items!.map((item) => item._id).sort()).toEqual(expected.map((doc) => doc._id).sort())
    expect(items!.every((item) => item.author?.slug === slug)).toBe(true)
    const dates = items!.map((item) => item.publishedAt)
    expect(dates).toEqual(newestFirst(dates))
    for (const draft of DRAFT_TITLES) expect(items!.map((item) => item.title)).not.toContain(draft)
    const first = await fetchContent(queries.authorArticles, {slug, ...pageBounds(1)})
    expect(first).toEqual(items!.slice(0, PAGE_SIZE + 1))
  })

  it('authorBySlug is null, and authorArticles empty, for an unknown author', async () => {
    expect(await fetchContent(queries.authorBySlug, {slug: 'no-such-author'})).toBeNull()
    expect(await fetchContent(queries.authorArticles, {slug: 'no-such-author', ...pageBounds(1)})).toEqual([])
  })

  it('allQuotes: every published quote, newest first, a page at a time', async () => {
    const quotes = await fetchContent(queries.allQuotes, {start: 0, end: 100})
    const firstTwo = await fetchContent(queries.allQuotes, {start: 0, end: 2})
    const next = await fetchContent(queries.allQuotes, {start: 2, end: 4})
    expect([...firstTwo!, ...next!]).toEqual(quotes!.slice(0, 4))
    expect(quotes!.map((quote) => quote.slug).sort()).toEqual(slugsOfType('quote').sort())
    const dates = quotes!.map((quote) => quote.date ?? '')
    expect(dates).toEqual(newestFirst(dates))
  })

  it.each(slugsOfType('quote'))('quoteBySlug(%s) parses', async (slug) => {
    const quote = await fetchContent(queries.quoteBySlug, {slug})
    expect(quote).not.toBeNull()
    expect(quote!.slug).toBe(slug)
    expect(quote!.speakerName).toBeTruthy()
  })

  it('quoteBySlug lists the stories that quote it, newest first', async () => {
    const slug = 'brad-smith-facial-recognition-police'
    const quote = await fetchContent(queries.quoteBySlug, {slug})
    expect(quote!.articles.map((article) => article.slug)).toContain('microsoft-wont-sell-facial-recognition-to-police')
    expect(quote!.articles.map((article) => article._id).sort()).toEqual(
      listedReferencing(idOf('quote', slug))
        .map((doc) => doc._id)
        .sort(),
    )
    const dates = quote!.articles.map((article) => article.publishedAt)
    expect(dates).toEqual(newestFirst(dates))
  })

  it('quoteBySlug and principleListBySlug are null for an unknown slug', async () => {
    expect(await fetchContent(queries.quoteBySlug, {slug: 'no-such-quote'})).toBeNull()
    expect(await fetchContent(queries.principleListBySlug, {slug: 'no-such-list'})).toBeNull()
  })

  it('allPrincipleLists: every published list, with its principles', async () => {
    const lists = await fetchContent(queries.allPrincipleLists, {start: 0, end: 100})
    expect(await fetchContent(queries.allPrincipleLists, {start: 1, end: 2})).toEqual(lists!.slice(1, 2))
    expect(lists!.map((list) => list.slug).sort()).toEqual(slugsOfType('principleList').sort())
    expect(lists!.every((list) => list.principles.length > 0)).toBe(true)
  })

  it.each(slugsOfType('principleList'))('principleListBySlug(%s) parses', async (slug) => {
    const list = await fetchContent(queries.principleListBySlug, {slug})
    expect(list).not.toBeNull()
    expect(list!.slug).toBe(slug)
    expect(list!.principles.length).toBeGreaterThan(0)
  })

  it('principleListBySlug: Microsoft’s six principles, cited by the model article', async () => {
    const list = await fetchContent(queries.principleListBySlug, {slug: 'microsoft-facial-recognition-principles'})
    expect(list!.principles.map((p) => p.title)).toEqual([
      'Fairness',
      'Transparency',
      'Accountability',
      'Non-discrimination',
      'Notice and consent',
      'Lawful surveillance',
    ])
    expect(list!.articles.map((article) => article.slug)).toContain('microsoft-wont-sell-facial-recognition-to-police')
    expect(list!.articles.map((article) => article._id).sort()).toEqual(
      listedReferencing('principles-microsoft-facial-recognition')
        .map((doc) => doc._id)
        .sort(),
    )
  })

  it('relatedArticles: up to three other listed articles sharing a topic, newest first', async () => {
    const id = 'article-facial-recognition-police'
    const topicIds = ['topic-ai', 'topic-privacy']
    const related = await fetchContent(queries.relatedArticles, {id, topicIds})
    expect(related).toHaveLength(3)
    expect(related!.map((item) => item._id)).not.toContain(id)
    const sharing = listed.filter((doc) => doc._id !== id && topicIds.some((t) => JSON.stringify(doc).includes(`"_ref":"${t}"`)))
    const newest = sharing.sort((a, b) => String(b.publishedAt).localeCompare(String(a.publishedAt))).slice(0, 3)
    expect(related!.map((item) => item._id)).toEqual(newest.map((doc) => doc._id))
    expect(await fetchContent(queries.relatedArticles, {id, topicIds: []})).toEqual([])
  })

  it('referencingDocuments: every published document that references one, and nothing for an unknown id', async () => {
    const found = await fetchContent(queries.referencingDocuments, {id: 'topic-ai'})
    const expected = published.filter((doc) => JSON.stringify(doc).includes('"_ref":"topic-ai"'))
    expect(found!.map((doc) => `${doc._type}:${doc.slug ?? '-'}`).sort()).toEqual(
      expected.map((doc) => `${doc._type}:${slugOf(doc) ?? '-'}`).sort(),
    )
    expect(await fetchContent(queries.referencingDocuments, {id: 'no-such-id'})).toEqual([])
  })

  it('searchContent: best match first, published only, paged with one extra hit', async () => {
    const hits = await fetchContent(queries.searchContent, {q: 'facial* recognition*', ...pageBounds(1)})
    expect(hits!.length).toBeGreaterThan(2)
    expect(hits![0].slug).toBe('microsoft-wont-sell-facial-recognition-to-police')
    const scores = hits!.map((hit) => hit._score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(await fetchContent(queries.searchContent, {q: 'quantum*', ...pageBounds(1)})).toEqual([])
    const all = await fetchContent(queries.searchContent, {q: 'ai*', start: 0, end: 1000})
    expect(all!.length).toBeGreaterThan(6)
    // pages of three
    expect(await fetchContent(queries.searchContent, {q: 'ai*', ...pageBounds(2, 3)})).toEqual(all!.slice(3, 7))
  })

  it('allTopics: every topic, by title', async () => {
    const topics = await fetchContent(queries.allTopics)
    expect(topics!.map((topic) => topic.title)).toEqual(['AI', 'Hardware', 'Policy', 'Privacy', 'Security'])
  })

  it.each(['article', 'topic', 'author', 'quote', 'principleList'])('slugsOf(%s) returns every published slug', async (type) => {
    const entries = await fetchContent(queries.slugsOf, {type, limit: 200})
    expect(entries!.map((entry) => entry.slug).sort()).toEqual(slugsOfType(type).sort())
    for (const entry of entries!) expect(published.find((doc) => doc._id === entry._id)).toBeDefined()
  })

  it('slugsOf honours the limit, and never returns a draft-only slug', async () => {
    expect(await fetchContent(queries.slugsOf, {type: 'article', limit: 3})).toHaveLength(3)
    const slugs = (await fetchContent(queries.slugsOf, {type: 'article', limit: 200}))!.map((entry) => entry.slug)
    expect(slugs).toContain('raspberry-pi-5-announced')
    expect(slugs).not.toContain('inside-the-quantum-roadmap')
  })
})
