import {render} from '@testing-library/react'
import {decodeSanityNodeData} from '@sanity/visual-editing-csm'
import {ArticleView} from '@/components/article/ArticleView'
import {PrincipleListDetail} from '@/components/collections/PrincipleListDetail'
import {QuoteDetail} from '@/components/collections/QuoteDetail'
import {fetchContent} from '@/lib/site/content/fetch'
import {articleBySlug, principleListBySlug, quoteBySlug} from '@/lib/site/content/queries'
import {editingFor} from '@/lib/site/edit-attributes'
import {MODEL_ARTICLE_SLUG} from '../support/demo'

/** What the Presentation tool reads from an element: the document and field it opens. */
const target = (element: Element | null) => {
  const node = decodeSanityNodeData(element?.getAttribute('data-sanity') ?? '')
  return node && 'id' in node ? {id: node.id, type: node.type, path: node.path} : undefined
}

const model = async () => (await fetchContent(articleBySlug, {slug: MODEL_ARTICLE_SLUG}))!

describe('click-to-edit attributes on the article page (draft mode)', () => {
  it('map the headline, dek, byline, kicker, hero image, its caption and credit to the article’s fields', async () => {
    const article = await model()
    const {container} = render(<ArticleView article={article} editing={editingFor(true)} />)
    const of = (selector: string) => target(container.querySelector(selector))
    const field = (path: string) => ({id: article._id, type: 'article', path})
    expect(of('h1')).toEqual(field('title'))
    expect(of('.dek')).toEqual(field('dek'))
    expect(of('.kicker')).toEqual(field('topics'))
    expect(of('.byline a[rel=author]')).toEqual(field('author'))
    expect(of('.byline time')).toEqual(field('publishedAt'))
    expect(of('figure.hero')).toEqual(field('mainImage'))
    expect(of('figure.hero figcaption')).toEqual(field('mainImage.caption'))
    if (article.mainImage?.credit) expect(of('figure.hero .credit')).toEqual(field('mainImage.credit'))
  })

  it('map every text block of the body to its block, by key', async () => {
    const article = await model()
    const {container} = render(<ArticleView article={article} editing={editingFor(true)} />)
    const textBlocks = article.body.filter((block) => block._type === 'block')
    expect(textBlocks.length).toBeGreaterThan(3)
    const mapped = [...container.querySelectorAll('.article-body [data-sanity]')].map(target).map((node) => node?.path)
    for (const block of textBlocks) expect(mapped).toContain(`body[_key=="${block._key}"]`)
  })

  it('map the embedded quote and principle list to their own documents, not to the article', async () => {
    const article = await model()
    const {container} = render(<ArticleView article={article} editing={editingFor(true)} />)
    const quote = article.body.find((block) => block._type === 'quoteEmbed')!.quote
    expect(target(container.querySelector('figure.quote blockquote p'))).toEqual({id: quote._id, type: 'quote', path: 'text'})
    expect(target(container.querySelector('figure.quote .quote-speaker'))).toEqual({id: quote._id, type: 'quote', path: 'speakerName'})

    const list = article.body.find((block) => block._type === 'principleListEmbed')!.principleList
    const items = [...container.querySelectorAll('.principles li')]
    expect(items).toHaveLength(list.principles.length)
    items.forEach((item, index) => {
      const {_key, title, description} = list.principles[index]
      const [name, text] = [...item.querySelectorAll('[data-sanity]')]
      expect(name.textContent).toBe(title)
      expect(target(name)).toEqual({id: list._id, type: 'principleList', path: `principles[_key=="${_key}"].title`})
      expect(text.textContent).toBe(description)
      expect(target(text)).toEqual({id: list._id, type: 'principleList', path: `principles[_key=="${_key}"].description`})
    })
  })

  it('are absent for readers: no data-sanity anywhere, and a principle’s description stays a bare text node', async () => {
    const article = await model()
    const {container} = render(<ArticleView article={article} editing={editingFor(false)} />)
    expect(container.querySelectorAll('[data-sanity]')).toHaveLength(0)
    expect(container.querySelector('.principles li')!.innerHTML).toMatch(/^<strong>[^<]+<\/strong> [^<]+$/)
  })

  it('map the quote and principle list pages to their documents', async () => {
    const quote = (await fetchContent(quoteBySlug, {slug: 'brad-smith-facial-recognition-police'}))!
    const quotePage = render(<QuoteDetail quote={quote} editing={editingFor(true)} />)
    expect(target(quotePage.container.querySelector('h1'))).toEqual({id: quote._id, type: 'quote', path: 'speakerName'})
    const list = (await fetchContent(principleListBySlug, {slug: 'microsoft-facial-recognition-principles'}))!
    const listPage = render(<PrincipleListDetail list={list} editing={editingFor(true)} />)
    expect(target(listPage.container.querySelector('h1'))).toEqual({id: list._id, type: 'principleList', path: 'title'})
  })
})
