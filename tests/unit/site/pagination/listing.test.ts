import {PUBLISHED_ONLY} from '@/lib/site/content/fetch'
import * as queries from '@/lib/site/content/queries'
import type {StoredDocument} from '@/lib/offline/store/store'
import {fetchListingPage} from '@/lib/site/pagination/fetch-page'
import {PAGE_SIZE} from '@/lib/site/pagination/pages'
import {demoDocuments, DRAFT_TITLES, isDraft, slugOf} from '../../../support/demo'

// fetchContent queries the embedded demo dataset directly outside a Next server.
const published = demoDocuments().filter((doc) => !isDraft(doc))
const hasSlug = (doc: StoredDocument) => slugOf(doc) !== undefined
/** Listed articles (published, with a slug), newest first. */
const listed = published
  .filter((doc) => doc._type === 'article' && hasSlug(doc))
  .sort((a, b) => String(b.publishedAt).localeCompare(String(a.publishedAt)))
const referencing = (id: string) => listed.filter((doc) => JSON.stringify(doc).includes(`"_ref":"${id}"`))
const ids = (items: {_id: string}[]) => items.map((item) => item._id)

/** The latest listing cut to its first `count` cards, to page a listing of a chosen length. */
const firstOf = (count: number) => ({
  ...queries.latestArticles,
  name: `first${count}`,
  query: queries.latestArticles.query.replace('[$start...$end]', `[0...${count}][$start...$end]`),
})

let warn: jest.SpyInstance
beforeEach(() => {
  warn = jest.spyOn(console, 'warn')
})
afterEach(() => {
  // every result parses: nothing is logged
  expect(warn).not.toHaveBeenCalled()
  warn.mockRestore()
})

describe('fetchListingPage: the latest articles', () => {
  it('the demo dataset has 16 listed articles: a full page and four more', () => {
    expect(listed).toHaveLength(16)
  })

  it('page 1 (no segment) holds the newest twelve, and says an older page exists', async () => {
    const listing = await fetchListingPage(queries.latestArticles)
    expect(listing).not.toBeNull()
    expect(listing!.page).toBe(1)
    expect(listing!.items).toHaveLength(PAGE_SIZE)
    expect(listing!.hasOlder).toBe(true)
    expect(ids(listing!.items)).toEqual(ids(listed.slice(0, PAGE_SIZE)))
  })

  it('the segment "1" is page 1 too', async () => {
    expect(await fetchListingPage(queries.latestArticles, {page: '1'})).toEqual(await fetchListingPage(queries.latestArticles))
  })

  it('page 2 holds the other four, and no older page', async () => {
    const listing = await fetchListingPage(queries.latestArticles, {page: '2'})
    expect(listing).not.toBeNull()
    expect(listing!.page).toBe(2)
    expect(listing!.items).toHaveLength(listed.length - PAGE_SIZE)
    expect(listing!.hasOlder).toBe(false)
    expect(ids(listing!.items)).toEqual(ids(listed.slice(PAGE_SIZE)))
  })

  it('no page holds a draft', async () => {
    const pages = await Promise.all([fetchListingPage(queries.latestArticles), fetchListingPage(queries.latestArticles, {page: '2'})])
    const titles = pages.flatMap((listing) => listing!.items.map((item) => item.title))
    for (const draft of DRAFT_TITLES) expect(titles).not.toContain(draft)
  })

  it('page 3 is past the end: null (→ 404)', async () => {
    expect(await fetchListingPage(queries.latestArticles, {page: '3'})).toBeNull()
    expect(await fetchListingPage(queries.latestArticles, {page: '999999'})).toBeNull()
  })

  it.each(['0', '01', 'x', '-1', '', '1.5', '1000000'])('a malformed segment %j is null (→ 404)', async (segment) => {
    expect(await fetchListingPage(queries.latestArticles, {page: segment})).toBeNull()
  })

  it('takes the published-only option, as metadata routes pass it', async () => {
    const listing = await fetchListingPage(queries.latestArticles, {page: '2', fetch: PUBLISHED_ONLY})
    expect(ids(listing!.items)).toEqual(ids(listed.slice(PAGE_SIZE)))
  })
})

describe('fetchListingPage: where the pages end', () => {
  it('exactly twelve cards: one page, no older one', async () => {
    const listing = await fetchListingPage(firstOf(12))
    expect(listing!.items).toHaveLength(12)
    expect(listing!.hasOlder).toBe(false)
    expect(await fetchListingPage(firstOf(12), {page: '2'})).toBeNull()
  })

  it('thirteen cards: a second page of one', async () => {
    const first = await fetchListingPage(firstOf(13))
    expect(first!.items).toHaveLength(12)
    expect(first!.hasOlder).toBe(true)
    const second = await fetchListingPage(firstOf(13), {page: '2'})
    expect(second).toEqual({items: [expect.objectContaining({_id: listed[12]._id})], page: 2, hasOlder: false})
  })

  it('no cards at all: page 1 still exists, empty; page 2 does not', async () => {
    expect(await fetchListingPage(firstOf(0))).toEqual({items: [], page: 1, hasOlder: false})
    expect(await fetchListingPage(firstOf(0), {page: '2'})).toBeNull()
  })
})

describe('fetchListingPage: a topic, through topicArticles', () => {
  const ai = referencing('topic-ai')

  it('page 1 lists the topic’s articles, newest first', async () => {
    expect(ai.length).toBeGreaterThan(2)
    const listing = await fetchListingPage(queries.topicArticles, {params: {slug: 'ai'}})
    expect(listing).not.toBeNull()
    expect(ids(listing!.items)).toEqual(ids(ai.slice(0, PAGE_SIZE)))
    expect(listing!.items.every((item) => item.topics.some((topic) => topic.slug === 'ai'))).toBe(true)
    expect(listing!.hasOlder).toBe(ai.length > PAGE_SIZE)
  })

  it('the page after the last is null', async () => {
    const last = Math.ceil(ai.length / PAGE_SIZE)
    expect(await fetchListingPage(queries.topicArticles, {params: {slug: 'ai'}, page: String(last + 1)})).toBeNull()
  })

  it('an unknown topic has an empty first page (the page 404s on the topic itself) and no second', async () => {
    expect(await fetchListingPage(queries.topicArticles, {params: {slug: 'no-such-topic'}})).toEqual({items: [], page: 1, hasOlder: false})
    expect(await fetchListingPage(queries.topicArticles, {params: {slug: 'no-such-topic'}, page: '2'})).toBeNull()
  })
})

describe('fetchListingPage: an author, through authorArticles', () => {
  it.each(published.filter((doc) => doc._type === 'author' && hasSlug(doc)))('$_id', async (author) => {
    const slug = (author.slug as {current: string}).current
    const expected = referencing(author._id)
    const listing = await fetchListingPage(queries.authorArticles, {params: {slug}})
    expect(ids(listing!.items)).toEqual(ids(expected.slice(0, PAGE_SIZE)))
    expect(listing!.items.every((item) => item.author?.slug === slug)).toBe(true)
    expect(listing!.hasOlder).toBe(expected.length > PAGE_SIZE)
  })
})
