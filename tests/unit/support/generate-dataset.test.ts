// The synthetic dataset the store tests and the store benchmark run on.
import {generateDataset} from '../../support/generate-dataset'

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
    const refs = JSON.stringify(docs)
      .match(/"_ref":"[^"]+"/g)!
      .map((match) => match.slice(8, -1))
    expect(refs.filter((ref) => !ids.has(ref))).toEqual([])
  })
})
