/**
 * The query behind the "Used in" document view of quotes and principle lists (which articles, published or
 * draft, reference the document), run with a real @sanity/client against the fake Content Lake.
 * The view itself is tested in studio-used-in-view.test.tsx.
 */
import type {SanityClient} from '@sanity/client'
import {USED_IN_QUERY, mergeCitations} from '@/sanity/lib/used-in'
import {fakeLakeClient, startFakeContentLake} from '../../support/fake-content-lake'
import {demoDatasetWith, type TempDataset} from '../../support/temp-dataset'

let client: SanityClient
let lake: Awaited<ReturnType<typeof startFakeContentLake>>
let dataset: TempDataset

beforeAll(async () => {
  // a draft-only article that embeds the Easterly quote also used by a published article
  const draftOnly = {
    _id: 'drafts.article-fixture-draft-embed',
    _type: 'article',
    title: 'A draft that quotes Easterly',
    slug: {_type: 'slug', current: 'fixture-draft-embed'},
    publishedAt: '2026-12-01T09:00:00Z',
    body: [{_type: 'quoteEmbed', _key: 'q1', quote: {_type: 'reference', _ref: 'quote-jen-easterly-secure-by-design'}}],
  }
  dataset = demoDatasetWith([draftOnly], {images: 'none', prefix: 'studio-used-in-'})
  lake = await startFakeContentLake(dataset.file)
  client = fakeLakeClient(lake)
})

afterAll(async () => {
  await lake.close()
  dataset.remove()
})

describe('mergeCitations', () => {
  it("merges an article's published copy and draft into one entry, the draft's title winning", () => {
    expect(
      mergeCitations([
        {_id: 'a', title: 'Old title', publishedAt: '2026-01-01T00:00:00Z'},
        {_id: 'drafts.a', title: 'New title', publishedAt: '2026-01-02T00:00:00Z'},
        {_id: 'drafts.b', title: '  ', publishedAt: null},
        {_id: 'versions.r1.c', title: 'In a release', publishedAt: null},
      ]),
    ).toEqual([
      {id: 'a', title: 'New title', publishedAt: '2026-01-02T00:00:00Z', status: 'published', hasDraft: true},
      {id: 'b', title: 'Untitled article', publishedAt: null, status: 'draft', hasDraft: true},
    ])
  })
})

describe('the "Used in" query against the lake', () => {
  const citationsOf = async (id: string) => mergeCitations(await client.withConfig({perspective: 'raw'}).fetch(USED_IN_QUERY, {id}))

  it('lists the articles that embed a principle list, with the article whose draft also embeds it once', async () => {
    const citations = await citationsOf('principles-microsoft-facial-recognition')
    expect(citations.map((c) => [c.id, c.status, c.hasDraft])).toContainEqual(['article-facial-recognition-police', 'published', true])
    expect(new Set(citations.map((c) => c.id)).size).toBe(citations.length)
  })

  it('lists a draft-only article as a draft', async () => {
    const citations = await citationsOf('quote-jen-easterly-secure-by-design')
    expect(citations.map((c) => [c.id, c.status])).toEqual([
      ['article-fixture-draft-embed', 'draft'],
      ['article-cisa-secure-by-design', 'published'],
    ])
  })

  it('finds nothing for a document no article uses', async () => {
    expect(await citationsOf('topic-that-does-not-exist')).toEqual([])
  })
})
