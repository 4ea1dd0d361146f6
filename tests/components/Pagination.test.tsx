import {render, screen} from '@testing-library/react'
import {Pagination} from '@/components/site/Pagination'
import {pageHref} from '@/lib/site/pagination/pages'

describe('pageHref', () => {
  it('puts page 1 at the base path, later pages under /page/<n>', () => {
    expect(pageHref('/', 1)).toBe('/')
    expect(pageHref('/', 2)).toBe('/page/2')
    expect(pageHref('/topics/ai', 1)).toBe('/topics/ai')
    expect(pageHref('/topics/ai', 3)).toBe('/topics/ai/page/3')
  })
})

describe('Pagination', () => {
  const newer = () => screen.queryByRole('link', {name: /newer stories/i})
  const older = () => screen.queryByRole('link', {name: /older stories/i})

  it('renders nothing for a single page', () => {
    const {container} = render(<Pagination page={1} hasOlder={false} basePath="/" />)
    expect(container).toBeEmptyDOMElement()
  })

  it('page 1 with older stories: only a link to page 2', () => {
    render(<Pagination page={1} hasOlder basePath="/topics/ai" />)
    expect(screen.getByRole('navigation', {name: 'Pagination'})).toBeInTheDocument()
    expect(newer()).toBeNull()
    expect(older()).toHaveAttribute('href', '/topics/ai/page/2')
    expect(older()).toHaveAttribute('rel', 'next')
    expect(screen.getByText('Page 1')).toHaveAttribute('aria-current', 'page')
  })

  it('a middle page links both ways, page 2 back to the base path', () => {
    render(<Pagination page={2} hasOlder basePath="/" />)
    expect(newer()).toHaveAttribute('href', '/')
    expect(newer()).toHaveAttribute('rel', 'prev')
    expect(older()).toHaveAttribute('href', '/page/3')
  })

  it('the last page links only to newer stories', () => {
    render(<Pagination page={5} hasOlder={false} basePath="/authors/jane-doe" />)
    expect(newer()).toHaveAttribute('href', '/authors/jane-doe/page/4')
    expect(older()).toBeNull()
    expect(screen.getByText('Page 5')).toBeInTheDocument()
  })

  it('says nothing about a page count it no longer knows', () => {
    render(<Pagination page={2} hasOlder basePath="/" />)
    expect(screen.getByRole('navigation').textContent).not.toMatch(/\bof\b/)
  })
})

describe('collection pages (quotes, principle lists)', () => {
  it('name what they page through, under the collection’s own path', () => {
    render(<Pagination page={2} hasOlder basePath="/quotes" noun="quotes" />)
    expect(screen.getByRole('link', {name: /newer quotes/i})).toHaveAttribute('href', '/quotes')
    expect(screen.getByRole('link', {name: /older quotes/i})).toHaveAttribute('href', '/quotes/page/3')
  })
})
