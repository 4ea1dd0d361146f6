import {render, screen, within} from '@testing-library/react'
import {ArticleBody} from '@/components/portable-text/ArticleBody'
import {PrincipleList} from '@/components/portable-text/PrincipleList'
import {cleanBody} from '@/lib/site/content/models/body'
import type {PrincipleList as PrincipleListData} from '@/lib/site/content/models/principle-list'

const list: PrincipleListData = {
  _id: 'principles-microsoft-facial-recognition',
  title: 'Microsoft’s six facial recognition principles',
  slug: 'microsoft-facial-recognition-principles',
  organization: 'Microsoft',
  intro: 'Microsoft adopted these principles in late 2018.',
  principles: [
    {_key: 'a', title: 'Fairness', description: 'Systems should treat everyone fairly.'},
    {_key: 'b', title: 'Transparency', description: 'Document what the technology can and cannot do.'},
    {_key: 'c', title: 'Accountability', description: 'Keep meaningful human control.'},
  ],
  sourceUrl: undefined,
  date: '2018-12-17',
}

describe('PrincipleList', () => {
  it('renders one numbered item per principle, in order', () => {
    render(<PrincipleList list={list} />)
    const items = within(screen.getByRole('list')).getAllByRole('listitem')
    expect(screen.getByRole('list').tagName).toBe('OL')
    expect(items).toHaveLength(3)
    expect(items.map((item) => item.querySelector('strong')?.textContent)).toEqual(['Fairness', 'Transparency', 'Accountability'])
  })

  it('puts each title in <strong> first, then its description', () => {
    render(<PrincipleList list={list} />)
    const items = within(screen.getByRole('list')).getAllByRole('listitem')
    items.forEach((item, index) => {
      const {title, description} = list.principles[index]
      expect(item.firstElementChild?.tagName).toBe('STRONG')
      expect(item.firstElementChild).toHaveTextContent(title)
      expect(item).toHaveTextContent(`${title} ${description}`)
    })
  })

  it('titles the section with a heading that links to /principles/<slug>', () => {
    render(<PrincipleList list={list} />)
    const heading = screen.getByRole('heading', {level: 3, name: list.title})
    expect(within(heading).getByRole('link')).toHaveAttribute('href', '/principles/microsoft-facial-recognition-principles')
    expect(screen.getByRole('region', {name: list.title})).toContainElement(screen.getByRole('list'))
  })

  it('shows the intro and the source organization', () => {
    render(<PrincipleList list={list} />)
    expect(screen.getByText(list.intro!)).toBeInTheDocument()
    expect(screen.getByText('Source: Microsoft')).toBeInTheDocument()
  })

  it('on the list’s own page, the heading is an unlinked h1', () => {
    render(<PrincipleList list={list} headingLevel="h1" linkToList={false} />)
    const heading = screen.getByRole('heading', {level: 1, name: list.title})
    expect(within(heading).queryByRole('link')).not.toBeInTheDocument()
  })

  it('links to the list with its slug percent-encoded', () => {
    render(<PrincipleList list={{...list, slug: 'what’s next für ai?'}} />)
    expect(screen.getByRole('link', {name: list.title})).toHaveAttribute('href', '/principles/what%E2%80%99s%20next%20f%C3%BCr%20ai%3F')
  })

  it('gives each embed of the same list its own valid heading id, even when the slug has a space', () => {
    const embed = (key: string) => ({_type: 'principleListEmbed', _key: key, principleList: {...list, slug: 'six principles'}})
    const {container} = render(<ArticleBody blocks={cleanBody('article-twice', [embed('first'), embed('again')])} />)
    const ids = Array.from(container.querySelectorAll('[id]'), (element) => element.id)
    expect(ids).toHaveLength(2)
    expect(new Set(ids).size).toBe(2)
    ids.forEach((id) => expect(id).not.toMatch(/\s/))
    // each section is named by its own heading
    const regions = screen.getAllByRole('region', {name: list.title})
    expect(regions).toHaveLength(2)
    regions.forEach((region) => expect(region).toContainElement(document.getElementById(region.getAttribute('aria-labelledby')!)))
  })
})
