// The indexed store against plain groq-js on generated datasets (60 and 2,000 articles), published perspective; query.test.ts has the demo dataset.
// Split by perspective so that the two halves of the slowest comparison run on two cores (jest.config.mjs).
import * as queries from '@/lib/site/content/queries'
import type {Perspective} from '@/lib/offline/store/store'
import {PAGE_SIZE, pageBounds} from '@/lib/site/pagination/pages'
import {ofType, slugsOf} from '../../../support/demo'
import {generateDataset} from '../../../support/generate-dataset'
import {itComparesEveryCase} from '../../../support/store-cases'
import {temporaryStores} from '../../../support/store'

const storeOf = temporaryStores()

describe('generated datasets, published perspective', () => {
  const large = storeOf(generateDataset(2000, 7))
  const medium = storeOf(generateDataset(60, 11))

  it('hold 2,000 and 60 published articles, and drafts', () => {
    expect(large.view('published').byType.get('article')).toHaveLength(2000)
    expect(medium.view('published').byType.get('article')).toHaveLength(60)
    expect(large.view('drafts').byType.get('article')!.length).toBeGreaterThan(2000)
  })

  itComparesEveryCase('published', {large, medium})

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
