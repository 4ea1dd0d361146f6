import {render, screen} from '@testing-library/react'
import {QuoteFigure} from '@/components/portable-text/QuoteFigure'
import type {Quote} from '@/lib/site/content/models/quote'

const quote: Quote = {
  _id: 'quote-brad-smith-facial-recognition',
  slug: 'brad-smith-facial-recognition-police',
  text: 'Police departments in the United States will not get facial recognition from Microsoft until there is a federal law.',
  speakerName: 'Brad Smith',
  speakerRole: 'President',
  organization: 'Microsoft',
  source: {
    title: 'Microsoft president Brad Smith on facial recognition and policing',
    url: 'https://news.microsoft.com/2020/06/11/brad-smith-facial-recognition-policing/',
  },
  date: '2020-06-11',
}

describe('QuoteFigure', () => {
  it('puts the words in figure > blockquote > p', () => {
    const {container} = render(<QuoteFigure quote={quote} />)
    const paragraph = container.querySelector('figure > blockquote > p')
    expect(paragraph).toHaveTextContent(quote.text)
  })

  it('attributes the quote in the figcaption: speaker, then role and organization', () => {
    const {container} = render(<QuoteFigure quote={quote} />)
    const caption = container.querySelector('figure > figcaption')!
    expect(caption.querySelector('.quote-speaker')).toHaveTextContent('Brad Smith')
    expect(caption.querySelector('.quote-role')).toHaveTextContent(', President, Microsoft')
    expect(caption).toHaveTextContent(/^Brad Smith, President, Microsoft —/)
  })

  it('names the source in a <cite> linking to it, and cites it on the blockquote', () => {
    const {container} = render(<QuoteFigure quote={quote} />)
    const cite = container.querySelector('figcaption cite')!
    expect(cite).toHaveTextContent(quote.source!.title!)
    const link = screen.getByRole('link', {name: quote.source!.title!})
    expect(cite).toContainElement(link)
    expect(link).toHaveAttribute('href', quote.source!.url)
    expect(container.querySelector('blockquote')).toHaveAttribute('cite', quote.source!.url)
  })

  it('links to the quote’s own page unless told not to', () => {
    const {unmount} = render(<QuoteFigure quote={quote} />)
    expect(screen.getByRole('link', {name: 'More on this quote by Brad Smith'})).toHaveAttribute(
      'href',
      '/quotes/brad-smith-facial-recognition-police',
    )
    unmount()
    render(<QuoteFigure quote={quote} linkToQuote={false} />)
    expect(screen.queryByRole('link', {name: /More on this quote/})).not.toBeInTheDocument()
  })

  it('shows only the speaker when there is no role, organization or source', () => {
    const {container} = render(
      <QuoteFigure quote={{...quote, speakerRole: undefined, organization: undefined, source: undefined}} linkToQuote={false} />,
    )
    expect(container.querySelector('figcaption')).toHaveTextContent(/^Brad Smith$/)
    expect(container.querySelector('cite')).toBeNull()
    expect(container.querySelector('blockquote')).not.toHaveAttribute('cite')
  })

  it('never turns a javascript: source URL into a link or a cite attribute', () => {
    const unsafe = {...quote, source: {title: 'A hostile source', url: 'javascript:alert(1)'}}
    const {container} = render(<QuoteFigure quote={unsafe} linkToQuote={false} />)
    expect(container.querySelector('cite')).toHaveTextContent('A hostile source')
    expect(container.querySelector('cite a')).toBeNull()
    expect(container.querySelector('a')).toBeNull()
    expect(container.querySelector('blockquote')).not.toHaveAttribute('cite')
    expect(container.innerHTML).not.toMatch(/javascript/i)
  })

  it('also rejects a javascript: URL disguised with case and leading spaces', () => {
    const unsafe = {...quote, source: {title: 'A hostile source', url: '  JavaScript:alert(1)'}}
    const {container} = render(<QuoteFigure quote={unsafe} linkToQuote={false} />)
    expect(container.querySelector('a')).toBeNull()
    expect(container.innerHTML).not.toMatch(/javascript/i)
  })
})
