import {hrefFor, indexHref, ROUTED_TYPES, routePatternFor, slugFromParam, topicFeedHref} from '@/lib/site/routes'

describe('hrefFor: the path of a document’s page', () => {
  it.each([
    ['article', '/articles/microsoft-wont-sell-facial-recognition-to-police'],
    ['topic', '/topics/microsoft-wont-sell-facial-recognition-to-police'],
    ['author', '/authors/microsoft-wont-sell-facial-recognition-to-police'],
    ['quote', '/quotes/microsoft-wont-sell-facial-recognition-to-police'],
    ['principleList', '/principles/microsoft-wont-sell-facial-recognition-to-police'],
  ] as const)('a %s lives under its own base path', (type, path) => {
    expect(hrefFor(type, 'microsoft-wont-sell-facial-recognition-to-police')).toBe(path)
  })

  it.each([
    ['what’s-next-für-ai', '/articles/what%E2%80%99s-next-f%C3%BCr-ai'],
    ['is-it-safe?-a-q&a', '/articles/is-it-safe%3F-a-q%26a'],
    ['six principles #1', '/articles/six%20principles%20%231'],
    ['100%-sure', '/articles/100%25-sure'],
    ['a/b', '/articles/a%2Fb'],
  ])('percent-encodes the slug %j, so a link carries it whole', (slug, path) => {
    expect(hrefFor('article', slug)).toBe(path)
    // what the route gets back is the slug again
    expect(slugFromParam(path.slice('/articles/'.length))).toBe(slug)
  })

  it('a topic’s feed sits under its encoded page', () => {
    expect(topicFeedHref('für ai')).toBe('/topics/f%C3%BCr%20ai/feed.xml')
  })

  it('collections with an index page name it; stories are listed on the home page', () => {
    expect(indexHref).toEqual({article: '/', quote: '/quotes', principleList: '/principles'})
  })

  it('gives the Presentation tool a pattern for each type with a page', () => {
    expect(ROUTED_TYPES.map(routePatternFor)).toEqual([
      '/articles/:slug',
      '/topics/:slug',
      '/authors/:slug',
      '/quotes/:slug',
      '/principles/:slug',
    ])
  })
})

describe('slugFromParam: the slug a [slug] route was asked for', () => {
  it('decodes the segment Next hands over still encoded', () => {
    expect(slugFromParam('what%E2%80%99s-next-f%C3%BCr-ai')).toBe('what’s-next-für-ai')
    expect(slugFromParam('plain-ascii')).toBe('plain-ascii')
  })

  it.each(['what%E2%80-next', '%C3%28', '%FF', '%', '%E0%A4%A'])('is undefined (→ 404, never 500) for malformed %j', (param) => {
    expect(slugFromParam(param)).toBeUndefined()
  })
})
