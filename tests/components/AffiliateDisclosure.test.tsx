import {render, screen} from '@testing-library/react'
import {AffiliateDisclosure} from '@/components/article/AffiliateDisclosure'

describe('AffiliateDisclosure', () => {
  it('shows the site’s disclosure text in an aside labelled "Affiliate disclosure"', () => {
    const text = 'Broadsheet may earn a commission when you buy through links on our site.'
    render(<AffiliateDisclosure text={text} />)
    const aside = screen.getByRole('complementary', {name: 'Affiliate disclosure'})
    expect(aside.tagName).toBe('ASIDE')
    expect(aside).toHaveTextContent(`Disclosure: ${text}`)
  })

  it('falls back to a default disclosure when the site settings have none', () => {
    render(<AffiliateDisclosure />)
    expect(screen.getByRole('complementary', {name: 'Affiliate disclosure'})).toHaveTextContent(
      'Disclosure: Broadsheet may earn a commission when you buy through links in this article.',
    )
  })
})
