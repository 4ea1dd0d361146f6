import {render, screen, within} from '@testing-library/react'
import HomePage from '@/app/(site)/page'
import HomeArchivePage from '@/app/(site)/page/[page]/page'
import TopicPage from '@/app/(site)/topics/[slug]/page'
import TopicArchivePage from '@/app/(site)/topics/[slug]/page/[page]/page'
import {isNotFound, thrownBy} from '../support/not-found'
import {pageProps} from '../support/page-props'

// Listing pages on the demo dataset (16 listed articles): twelve a page, paged by one extra card.

const articleLinks = () => screen.getAllByRole('link').filter((link) => link.getAttribute('href')?.startsWith('/articles/'))
const pagination = () => screen.queryByRole('navigation', {name: 'Pagination'})

describe('listing pages', () => {
  it('the front page shows the newest twelve and links to older stories', async () => {
    render(await HomePage())
    expect(new Set(articleLinks().map((link) => link.getAttribute('href'))).size).toBe(12)
    const nav = pagination()!
    expect(within(nav).getByRole('link', {name: /older stories/i})).toHaveAttribute('href', '/page/2')
    expect(within(nav).queryByRole('link', {name: /newer stories/i})).toBeNull()
  })

  it('page 2 shows the other four and links back, not further', async () => {
    render(await HomeArchivePage(pageProps({page: '2'})))
    expect(new Set(articleLinks().map((link) => link.getAttribute('href'))).size).toBe(4)
    const nav = pagination()!
    expect(within(nav).getByRole('link', {name: /newer stories/i})).toHaveAttribute('href', '/')
    expect(within(nav).queryByRole('link', {name: /older stories/i})).toBeNull()
  })

  it.each(['3', '0', '02', 'x'])('page %j is a 404', async (page) => {
    expect(isNotFound(await thrownBy(HomeArchivePage(pageProps({page}))))).toBe(true)
  })

  it('a topic page heads with the topic and lists only its stories, on one page', async () => {
    render(await TopicPage(pageProps({slug: 'hardware'})))
    expect(screen.getByRole('heading', {level: 1})).toHaveTextContent('Hardware')
    expect(articleLinks().length).toBeGreaterThan(0)
    expect(pagination()).toBeNull()
  })

  it('an unknown topic, and a topic page past the end, are 404s', async () => {
    expect(isNotFound(await thrownBy(TopicPage(pageProps({slug: 'no-such-topic'}))))).toBe(true)
    expect(isNotFound(await thrownBy(TopicArchivePage(pageProps({slug: 'hardware', page: '2'}))))).toBe(true)
  })

  it('a slug that is not valid percent-encoding is a 404, not an error', async () => {
    const malformed = {params: Promise.resolve({slug: '%E0%A4%A'}), searchParams: Promise.resolve({})}
    expect(isNotFound(await thrownBy(TopicPage(malformed)))).toBe(true)
  })
})
