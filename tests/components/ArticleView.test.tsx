import {render, screen, within} from '@testing-library/react'
import ArticlePage from '@/app/(site)/articles/[slug]/page'
import {DRAFT_TITLES, MODEL_ARTICLE_SLUG, MODEL_ARTICLE_TITLE} from '../support/demo'
import {isNotFound, thrownBy} from '../support/not-found'
import {pageProps} from '../support/page-props'

const renderArticle = async (slug: string) => render(await ArticlePage(pageProps({slug})))

describe('the article page, on the demo dataset', () => {
  beforeEach(async () => {
    await renderArticle(MODEL_ARTICLE_SLUG)
  })

  it('heads the page with the published headline, never the draft one', () => {
    expect(screen.getByRole('heading', {level: 1})).toHaveTextContent(MODEL_ARTICLE_TITLE)
    expect(screen.queryByText(DRAFT_TITLES[0])).not.toBeInTheDocument()
  })

  it('has a byline linking to the author, machine-readable dates and "3 min read"', () => {
    const author = screen.getByRole('link', {name: 'Jane Doe'})
    expect(author).toHaveAttribute('href', '/authors/jane-doe')
    expect(author).toHaveAttribute('rel', 'author')
    const byline = author.closest('.byline') as HTMLElement
    const published = byline.querySelector('time')!
    expect(published).toHaveAttribute('dateTime', '2026-11-20T14:30:00Z')
    expect(published).toHaveTextContent('November 20, 2026')
    const updated = byline.querySelectorAll('time')[1]
    expect(updated).toHaveAttribute('dateTime', '2026-11-21T09:10:00Z')
    expect(updated.parentElement).toHaveTextContent('Updated November 21, 2026')
    expect(byline).toHaveTextContent('3 min read')
  })

  it('shows the affiliate disclosure before the body text', () => {
    const disclosure = screen.getByRole('complementary', {name: 'Affiliate disclosure'})
    expect(disclosure).toHaveTextContent(
      'Broadsheet may earn a commission when you buy through links on our site. This never influences what we cover',
    )
    const firstParagraph = screen.getByText(/^Microsoft will not sell its facial recognition technology/).closest('p')!
    expect(disclosure.compareDocumentPosition(firstParagraph) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
  })

  it('embeds the quote, attributed to Brad Smith, President', () => {
    const figure = document.querySelector('figure.quote') as HTMLElement
    expect(figure.querySelector('blockquote')).toHaveTextContent(/^Our position is straightforward/)
    const caption = figure.querySelector('figcaption')!
    expect(caption).toHaveTextContent(/^Brad Smith, President, Microsoft/)
    expect(within(caption).getByRole('link', {name: /Microsoft president Brad Smith on facial recognition/})).toHaveAttribute(
      'href',
      'https://news.microsoft.com/2020/06/11/brad-smith-facial-recognition-policing/',
    )
  })

  it('embeds the six principles, in order', () => {
    const lists = document.querySelectorAll('ol')
    expect(lists).toHaveLength(1)
    const items = within(lists[0] as HTMLElement).getAllByRole('listitem')
    expect(items).toHaveLength(6)
    expect(items.map((item) => item.querySelector('strong')?.textContent)).toEqual([
      'Fairness',
      'Transparency',
      'Accountability',
      'Non-discrimination',
      'Notice and consent',
      'Lawful surveillance',
    ])
    expect(screen.getByRole('link', {name: "Microsoft's six facial recognition principles"})).toHaveAttribute(
      'href',
      '/principles/microsoft-facial-recognition-principles',
    )
  })

  it('links the internal reference to the IBM story by its slug', () => {
    expect(
      screen.getByRole('link', {name: 'IBM said it would stop offering general-purpose facial recognition altogether'}),
    ).toHaveAttribute('href', '/articles/ibm-exits-facial-recognition-business')
  })

  it('ends with three topic tags linking to /topics/<slug>', () => {
    const nav = screen.getByRole('navigation', {name: 'Topics'})
    const links = within(nav).getAllByRole('link')
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['AI', '/topics/ai'],
      ['Policy', '/topics/policy'],
      ['Privacy', '/topics/privacy'],
    ])
  })
})

describe('the article page, for slugs readers must not see', () => {
  it('throws notFound() for an unknown slug', async () => {
    const error = await thrownBy(ArticlePage(pageProps({slug: 'no-such-story'})))
    expect(isNotFound(error)).toBe(true)
  })

  it('throws notFound() for an article that exists only as a draft', async () => {
    const error = await thrownBy(ArticlePage(pageProps({slug: 'inside-the-quantum-roadmap'})))
    expect(isNotFound(error)).toBe(true)
  })
})
