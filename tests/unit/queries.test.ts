/** @jest-environment node */
import path from 'node:path'
import {fetchContent} from '@/lib/content/fetch'
import * as queries from '@/lib/content/queries'
import {readDataset} from '@/lib/content/store'

const DEMO = path.join(process.cwd(), 'sanity/demo/dataset.ndjson')
const DRAFT_TITLES = [
  'Microsoft bars police from its facial recognition until Congress acts',
  'Exclusive: Inside the quantum roadmap nobody has announced yet',
]

const published = readDataset(DEMO).filter((doc) => !doc._id.startsWith('drafts.'))
const slugsOfType = (type: string) =>
  published
    .filter((doc) => doc._type === type)
    .map((doc) => (doc.slug as {current?: string} | undefined)?.current)
    .filter((slug): slug is string => typeof slug === 'string')

const isDefinition = (value: unknown): value is queries.QueryDefinition =>
  typeof value === 'object' && value !== null && 'query' in value && 'schema' in value
const definitions = Object.entries(queries).flatMap(([name, value]): [string, queries.QueryDefinition][] =>
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
    'topicPage',
    'authorPage',
    'allQuotes',
    'quoteBySlug',
    'allPrincipleLists',
    'principleListBySlug',
    'allTopics',
    'slugsOf',
  ]

  it('is covered by this file', () => {
    expect(definitions.map(([name]) => name).sort()).toEqual([...covered].sort())
  })

  it.each(definitions)('%s names itself, and says which documents revalidate it', (exportName, definition) => {
    expect(definition.name).toBe(exportName)
    expect(definition.tags.length).toBeGreaterThan(0)
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

  it('latestArticles: the first page, newest first, counting every published article', async () => {
    const page = await fetchContent(queries.latestArticles, {start: 0, end: 12})
    expect(page).not.toBeNull()
    expect(page!.total).toBe(slugsOfType('article').length)
    expect(page!.items).toHaveLength(12)
    const dates = page!.items.map((item) => item.publishedAt)
    expect(dates).toEqual([...dates].sort().reverse())
    expect(page!.items[0].author?.name).toBeTruthy()
    expect(page!.items[0].topics.length).toBeGreaterThan(0)
  })

  it('latestArticles: a later page holds the rest, and no page ever holds a draft', async () => {
    const all = await fetchContent(queries.latestArticles, {start: 0, end: 1000})
    const second = await fetchContent(queries.latestArticles, {start: 12, end: 24})
    expect(second!.items.map((item) => item._id)).toEqual(all!.items.slice(12, 24).map((item) => item._id))
    expect(all!.items).toHaveLength(all!.total)
    const titles = all!.items.map((item) => item.title)
    for (const draft of DRAFT_TITLES) expect(titles).not.toContain(draft)
    expect(all!.items.every((item) => !item._id.startsWith('drafts.'))).toBe(true)
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

  it.each(slugsOfType('topic'))('topicPage(%s) lists the topic’s articles', async (slug) => {
    const topic = await fetchContent(queries.topicPage, {slug, start: 0, end: 12})
    expect(topic).not.toBeNull()
    expect(topic!.slug).toBe(slug)
    expect(topic!.total).toBeGreaterThan(0)
    expect(topic!.items.length).toBe(Math.min(topic!.total, 12))
    expect(topic!.items.every((item) => item.topics.some((t) => t.slug === slug))).toBe(true)
  })

  it.each(slugsOfType('author'))('authorPage(%s) lists the author’s articles', async (slug) => {
    const author = await fetchContent(queries.authorPage, {slug, start: 0, end: 12})
    expect(author).not.toBeNull()
    expect(author!.slug).toBe(slug)
    expect(author!.total).toBeGreaterThan(0)
    expect(author!.items.every((item) => item.author?.slug === slug)).toBe(true)
  })

  it('allQuotes: every published quote, with how many stories cite it', async () => {
    const quotes = await fetchContent(queries.allQuotes)
    expect(quotes!.map((quote) => quote.slug).sort()).toEqual(slugsOfType('quote').sort())
    expect(quotes!.find((quote) => quote.slug === 'brad-smith-facial-recognition-police')!.articleCount).toBeGreaterThan(0)
  })

  it.each(slugsOfType('quote'))('quoteBySlug(%s) parses', async (slug) => {
    const quote = await fetchContent(queries.quoteBySlug, {slug})
    expect(quote).not.toBeNull()
    expect(quote!.slug).toBe(slug)
    expect(quote!.speakerName).toBeTruthy()
  })

  it('quoteBySlug lists the stories that quote it', async () => {
    const quote = await fetchContent(queries.quoteBySlug, {slug: 'brad-smith-facial-recognition-police'})
    expect(quote!.articles.map((article) => article.slug)).toContain('microsoft-wont-sell-facial-recognition-to-police')
  })

  it('allPrincipleLists: every published list, with its principles', async () => {
    const lists = await fetchContent(queries.allPrincipleLists)
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
  })

  it('allTopics: every topic, by title', async () => {
    const topics = await fetchContent(queries.allTopics)
    expect(topics!.map((topic) => topic.title)).toEqual(['AI', 'Hardware', 'Policy', 'Privacy', 'Security'])
  })

  it.each(['article', 'topic', 'author', 'quote', 'principleList'])('slugsOf(%s) returns every published slug', async (type) => {
    const slugs = await fetchContent(queries.slugsOf, {type, limit: 200})
    expect(slugs!.sort()).toEqual(slugsOfType(type).sort())
  })

  it('slugsOf honours the limit, and never returns a draft-only slug', async () => {
    expect(await fetchContent(queries.slugsOf, {type: 'article', limit: 3})).toHaveLength(3)
    expect(await fetchContent(queries.slugsOf, {type: 'article', limit: 200})).not.toContain('inside-the-quantum-roadmap')
  })
})
