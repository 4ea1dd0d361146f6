import {render, screen, within} from '@testing-library/react'
import {ArticleBody} from '@/components/portable-text/ArticleBody'
import {cleanBody} from '@/lib/site/content/models/body'

const DOC_ID = 'article-body-fixture'

const span = (text: string, marks: string[] = []) => ({_type: 'span', text, marks})
const block = (key: string, children: unknown[], extra: Record<string, unknown> = {}) => ({
  _type: 'block',
  _key: key,
  style: 'normal',
  markDefs: [],
  children,
  ...extra,
})

/** A body as articleBySlug returns it: internal links already carry the target's slug. */
const rawBody: unknown[] = [
  block('intro', [
    span('Microsoft will not sell facial recognition to police, said '),
    span('Brad Smith', ['strong']),
    span(' in an interview with '),
    span('The Washington Post', ['em']),
    span(', citing the '),
    span('Recognize()', ['code']),
    span(' API.'),
  ]),
  block('heading', [span('A week of retreats')], {style: 'h2'}),
  {_type: 'block', _key: 'no-children', style: 'normal', markDefs: []}, // body[2]: malformed
  block('ibm', [span('IBM', ['strong']), span(' is leaving the business.')], {listItem: 'bullet', level: 1}),
  block('amazon', [span('Amazon', ['strong']), span(' is pausing police access.')], {listItem: 'bullet', level: 1}),
  {_type: 'video', _key: 'clip', url: 'https://example.com/clip.mp4'}, // body[5]: unknown type
  block(
    'links',
    [
      span('Read the '),
      span('original blog post', ['ext']),
      span(', our '),
      span('earlier story on IBM', ['int']),
      span(', a '),
      span('harmless-looking link', ['js']),
      span(' and an '),
      span('inline document', ['data']),
      span('.'),
    ],
    {
      markDefs: [
        {_type: 'link', _key: 'ext', href: 'https://blogs.microsoft.com/on-the-issues/facial-recognition/'},
        {_type: 'internalLink', _key: 'int', slug: 'ibm-exits-facial-recognition-business'},
        {_type: 'link', _key: 'js', href: 'javascript:alert(1)'},
        {_type: 'link', _key: 'data', href: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='},
      ],
    },
  ),
  {_type: 'quoteEmbed', _key: 'gone-quote', quote: null}, // body[7]: its quote was deleted
  block('outro', [span('For now, the practical effect is limited.')]),
]

describe('ArticleBody, fed through cleanBody', () => {
  let warn: jest.SpyInstance
  let container: HTMLElement

  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    ;({container} = render(<ArticleBody blocks={cleanBody(DOC_ID, rawBody)} />))
  })

  afterEach(() => warn.mockRestore())

  it('renders paragraphs with strong, em and code marks', () => {
    const intro = screen.getByText(/Microsoft will not sell facial recognition/).closest('p')!
    expect(intro).toHaveTextContent(
      'Microsoft will not sell facial recognition to police, said Brad Smith in an interview with The Washington Post, citing the Recognize() API.',
    )
    expect(within(intro).getByText('Brad Smith').tagName).toBe('STRONG')
    expect(within(intro).getByText('The Washington Post').tagName).toBe('EM')
    expect(within(intro).getByText('Recognize()').tagName).toBe('CODE')
  })

  it('renders an h2 heading', () => {
    expect(screen.getByRole('heading', {level: 2, name: 'A week of retreats'})).toBeInTheDocument()
  })

  it('groups consecutive bullet blocks into one <ul>', () => {
    const list = screen.getByRole('list')
    expect(list.tagName).toBe('UL')
    const items = within(list).getAllByRole('listitem')
    expect(items.map((item) => item.textContent)).toEqual(['IBM is leaving the business.', 'Amazon is pausing police access.'])
    expect(within(items[0]).getByText('IBM').tagName).toBe('STRONG')
  })

  it('renders an external https link as <a> and an internal link to /articles/<slug>', () => {
    const external = screen.getByRole('link', {name: 'original blog post'})
    expect(external).toHaveAttribute('href', 'https://blogs.microsoft.com/on-the-issues/facial-recognition/')
    expect(external).toHaveAttribute('rel', 'noopener noreferrer')
    expect(screen.getByRole('link', {name: 'earlier story on IBM'})).toHaveAttribute(
      'href',
      '/articles/ibm-exits-facial-recognition-business',
    )
  })

  it('keeps the words of a javascript: or data: link but not the link', () => {
    const paragraph = screen.getByText(/Read the/).closest('p')!
    expect(paragraph).toHaveTextContent(
      'Read the original blog post, our earlier story on IBM, a harmless-looking link and an inline document.',
    )
    expect(screen.queryByRole('link', {name: 'harmless-looking link'})).not.toBeInTheDocument()
    expect(screen.queryByRole('link', {name: 'inline document'})).not.toBeInTheDocument()
    expect(
      within(paragraph)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['original blog post', 'earlier story on IBM'])
    expect(container.innerHTML).not.toMatch(/javascript/i)
    expect(container.innerHTML).not.toMatch(/data:/i)
    for (const anchor of Array.from(container.querySelectorAll('a'))) {
      expect(anchor.getAttribute('href')).toMatch(/^(https:|\/articles\/)/)
    }
  })

  it('drops each malformed block alone, keeping the blocks around it', () => {
    const rendered = Array.from(container.querySelector('.article-body')!.children).map((el) => el.tagName)
    expect(rendered).toEqual(['P', 'H2', 'UL', 'P', 'P'])
    expect(container.querySelector('figure')).toBeNull()
    expect(screen.getByText('For now, the practical effect is limited.')).toBeInTheDocument()
  })

  it('logs every dropped block and link with the document id and its path', () => {
    const messages = warn.mock.calls.map((args) => String(args[0]))
    const dropped = (path: string) => messages.filter((m) => m.includes(DOC_ID) && m.includes(`${path} `))
    expect(dropped('body[2]')).toHaveLength(1)
    expect(dropped('body[2]')[0]).toMatch(/children/)
    expect(dropped('body[5]')[0]).toMatch(/unknown block type "video"/)
    expect(dropped('body[6].markDefs[2]')).toHaveLength(1)
    expect(dropped('body[6].markDefs[3]')).toHaveLength(1)
    expect(dropped('body[7]')[0]).toMatch(/quote/)
    // the spans that used the two dropped links lose only that mark, and say so
    const marks = messages.filter((m) => m.includes(DOC_ID) && /body\[6\]\.children\[\d+\]\.marks /.test(m))
    expect(marks).toHaveLength(2)
    expect(messages).toHaveLength(7)
  })
})
