/**
 * The "Used in" document view. Jest cannot load the Studio bundle, so `useClient` and `IntentLink` are
 * replaced: the client is a stub answering the view's one query (the query itself runs against the fake
 * Content Lake in studio-used-in.test.ts; jsdom's XHR would refuse the lake's cross-origin answers).
 */
import {ThemeProvider} from '@sanity/ui'
import {buildTheme} from '@sanity/ui/theme'
import {render, screen, within} from '@testing-library/react'
import type {ComponentProps, ReactNode} from 'react'
import {UsedInView} from '@/sanity/components/UsedInView'
import {USED_IN_QUERY, type CitingArticleRow} from '@/sanity/lib/used-in'

type Call = {query: string; params: Record<string, unknown>; perspective?: string; apiVersion?: string}
const calls: Call[] = []
let answer: (params: Record<string, unknown>) => Promise<CitingArticleRow[]> = async () => []

const stubClient = (config: {perspective?: string; apiVersion?: string} = {}) => ({
  withConfig: (more: {perspective?: string}) => stubClient({...config, ...more}),
  fetch: (query: string, params: Record<string, unknown>) => {
    calls.push({query, params, ...config})
    return answer(params)
  },
})

// Like the Studio's, the hook returns the same client on every render (the view's effect depends on it).
const clients = new Map<string, ReturnType<typeof stubClient>>()
jest.mock('sanity', () => ({
  useClient: ({apiVersion}: {apiVersion: string}) => {
    if (!clients.has(apiVersion)) clients.set(apiVersion, stubClient({apiVersion}))
    return clients.get(apiVersion)
  },
  getPublishedId: (id: string) => id.replace(/^drafts\./, ''),
}))
jest.mock('sanity/router', () => ({
  IntentLink: ({intent, params, children}: {intent: string; params: {id: string; type: string}; children: ReactNode}) => (
    <a href={`/intent/${intent}/id=${params.id};type=${params.type}`}>{children}</a>
  ),
}))

const theme = buildTheme()
const renderView = (documentId: string) =>
  render(
    <ThemeProvider theme={theme}>
      <UsedInView
        {...({
          documentId,
          document: {draft: null, published: null, displayed: {}, historical: null},
          options: {},
          schemaType: {},
        } as unknown as ComponentProps<typeof UsedInView>)}
      />
    </ThemeProvider>,
  )

beforeEach(() => {
  calls.length = 0
})

it('lists the citing articles, newest first, with links that open them in the Studio', async () => {
  answer = async () => [
    {_id: 'article-cisa', title: 'CISA wants software makers to own security', publishedAt: '2026-11-12T15:15:00Z'},
    {_id: 'drafts.article-cisa', title: 'CISA wants software makers to own security', publishedAt: '2026-11-12T15:15:00Z'},
    {_id: 'drafts.article-new', title: 'A draft that quotes Easterly', publishedAt: '2026-12-01T09:00:00Z'},
  ]
  renderView('drafts.quote-jen-easterly-secure-by-design')

  const list = await screen.findByRole('list', {name: 'Articles using this document'})
  const items = within(list).getAllByRole('listitem')
  expect(items.map((item) => within(item).getByRole('link').getAttribute('href'))).toEqual([
    '/intent/edit/id=article-new;type=article',
    '/intent/edit/id=article-cisa;type=article',
  ])
  expect(items[0]).toHaveTextContent('A draft that quotes Easterly')
  expect(items[0]).toHaveTextContent('1 Dec 2026')
  expect(items[0]).toHaveTextContent('Draft')
  expect(items[1]).toHaveTextContent('Published, edited')
  // asked once, for the published id, in the raw perspective so drafts count
  expect(calls).toEqual([
    {query: USED_IN_QUERY, params: {id: 'quote-jen-easterly-secure-by-design'}, perspective: 'raw', apiVersion: '2025-10-01'},
  ])
})

it('says so when no article uses the document', async () => {
  answer = async () => []
  renderView('quote-nobody-uses')
  expect(await screen.findByText('No article uses this document yet.')).toBeInTheDocument()
})

it('shows a loading state, then an error when the query fails', async () => {
  let reject: (error: Error) => void = () => {}
  answer = () => new Promise((_, fail) => (reject = fail))
  renderView('quote-jen-easterly-log4j')
  expect(screen.getByRole('status')).toHaveTextContent('Looking for articles')
  reject(new Error('Request error while attempting to reach the API'))
  expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the articles: Request error while attempting to reach the API')
})
