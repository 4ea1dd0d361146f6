import {describeInBrowser, useProductionSite} from '../support/e2e'
import {copyDemoDataset, eventually} from '../support/temp-dataset'

// slugs a newsroom outside English types or pastes: a curly apostrophe and an umlaut; URL syntax characters
const CURLY = 'what’s-next-für-ai'
const QUERY = 'is-it-safe?-a-q&a'
// a literal % : Next hands a page its param encoded but generateMetadata its param decoded, so decoding twice breaks it
const PERCENT = 'zoë-100%'
const SITE = 'http://localhost:3000'
const enc = encodeURIComponent

const RENAMED: Record<string, string> = {
  'topic-ai': CURLY,
  'article-eu-ai-act-vote': CURLY,
  'article-ibm-exits-facial-recognition': QUERY,
  'quote-sundar-pichai-ai-principles': QUERY,
  'principles-google-ai': CURLY,
  'quote-brad-smith-facial-recognition': PERCENT,
  'author-lena-fischer': PERCENT,
}

const hrefs = (html: string) => [...html.matchAll(/ href="([^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'))
const jsonLd = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].flatMap((m) => JSON.parse(m[1]))

describeInBrowser('slugs beyond ASCII letters, end to end on the production build', () => {
  const dataset = copyDemoDataset()
  const site = useProductionSite({BROADSHEET_DATASET_FILE: dataset.file})
  const titles = new Map<string, string>()
  afterAll(() => dataset.remove())

  const get = (path: string, init?: RequestInit) => fetch(site.url + path, init)
  const text = async (path: string) => (await get(path)).text()

  beforeAll(async () => {
    // renamed once the server runs, as an editor would: the dataset watcher revalidates what changed
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000).toISOString()
    dataset.edit((doc) => {
      const slug = RENAMED[doc._id]
      if (!slug) return doc
      if (doc._type === 'article') titles.set(slug, String(doc.title))
      // one story inside the news sitemap's two-day window
      const recent = doc._id === 'article-eu-ai-act-vote' ? {publishedAt: anHourAgo} : {}
      return {...doc, ...recent, slug: {_type: 'slug', current: slug}}
    })
    expect(titles.size).toBe(2)
    // waits for the topic page; the tests below say what is wrong if it never comes
    await eventually(
      () => get(`/topics/${enc(CURLY)}`).then(async (r) => ({status: r.status, html: await r.text()})),
      ({status, html}) => status === 200 && [...titles.values()].every((title) => html.includes(title)),
    )
  })

  it('lists both stories on the topic page with encoded links, and each link opens its story', async () => {
    const page = await site.browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    for (const slug of [CURLY, QUERY]) {
      const response = await page.goto(`${site.url}/topics/${enc(CURLY)}`)
      expect(response?.status()).toBe(200)
      const link = page.locator('.card-grid').getByRole('link', {name: titles.get(slug)!, exact: true})
      await expect(link.getAttribute('href')).resolves.toBe(`/articles/${enc(slug)}`)
      await link.click()
      await page.waitForURL(`**/articles/${enc(slug)}`)
      await expect(page.getByRole('heading', {level: 1}).textContent()).resolves.toBe(titles.get(slug))
    }
    expect(errors).toEqual([])
    await page.close()
  })

  it.each([
    ['the curly apostrophe and umlaut', CURLY],
    ['? and &', QUERY],
  ])('serves the story whose slug has %s at its encoded URL, with an encoded canonical and JSON-LD', async (_label, slug) => {
    const response = await get(`/articles/${enc(slug)}`)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain(`<h1>${titles.get(slug)}</h1>`)
    expect(html).toContain(`<link rel="canonical" href="${SITE}/articles/${enc(slug)}"/>`)
    const graph = jsonLd(html)
    const news = graph.find((node) => node['@type'] === 'NewsArticle')
    expect(news.mainEntityOfPage['@id']).toBe(`${SITE}/articles/${enc(slug)}`)
    const crumbs = graph.find((node) => node['@type'] === 'BreadcrumbList').itemListElement.map((item: {item: string}) => item.item)
    expect(crumbs).toContain(`${SITE}/articles/${enc(slug)}`)
    // every story here is tagged with the renamed topic first; its tag and the site's navigation link to it
    expect(crumbs).toContain(`${SITE}/topics/${enc(CURLY)}`)
    expect(hrefs(html)).toContain(`/topics/${enc(CURLY)}`)
    expect(hrefs(html)).not.toContain(`/topics/${CURLY}`)
  })

  it('serves the quotes, the principle list and the author at their encoded URLs, with encoded canonicals, and links to them encoded', async () => {
    for (const path of [`/quotes/${enc(QUERY)}`, `/quotes/${enc(PERCENT)}`, `/principles/${enc(CURLY)}`, `/authors/${enc(PERCENT)}`]) {
      const response = await get(path)
      expect({path, status: response.status}).toEqual({path, status: 200})
      expect(await response.text()).toContain(`<link rel="canonical" href="${SITE}${path}"/>`)
    }
    const quotes = hrefs(await text('/quotes'))
    expect(quotes).toEqual(expect.arrayContaining([`/quotes/${enc(QUERY)}`, `/quotes/${enc(PERCENT)}`]))
    expect(quotes).not.toContain(`/quotes/${QUERY}`)
    expect(hrefs(await text('/principles'))).toContain(`/principles/${enc(CURLY)}`)
  })

  it('accepts the slug as a browser sends it unencoded', async () => {
    // fetch percent-encodes the non-ASCII characters itself, as a browser does with a pasted URL
    expect((await get(`/articles/${CURLY}`)).status).toBe(200)
  })

  it('answers a malformed percent-encoding with the site 404 page, not a 500', async () => {
    for (const path of ['/articles/what%E2%80-next', '/%E2%80', '/quotes/%ZZ', '/topics/a%2/page/2']) {
      const response = await get(path)
      expect({path, status: response.status}).toEqual({path, status: 404})
      expect(await response.text()).toContain('can’t find that page')
    }
  })

  it('redirects page 1 of the topic to its encoded address', async () => {
    const response = await get(`/topics/${enc(CURLY)}/page/1`, {redirect: 'manual'})
    expect(response.status).toBe(308)
    expect(new URL(response.headers.get('location')!, site.url).pathname).toBe(`/topics/${enc(CURLY)}`)
  })

  it('encodes the slugs in the sitemap, the feeds, the news sitemap and search results', async () => {
    const sitemap = await eventually(
      () => text('/sitemap.xml'),
      (xml) => xml.includes(enc(QUERY)),
    )
    for (const path of [
      `/articles/${enc(CURLY)}`,
      `/articles/${enc(QUERY)}`,
      `/topics/${enc(CURLY)}`,
      `/quotes/${enc(QUERY)}`,
      `/principles/${enc(CURLY)}`,
    ]) {
      expect(sitemap).toContain(`<loc>${SITE}${path}</loc>`)
    }
    const feed = await eventually(
      () => text('/feed.xml'),
      (xml) => xml.includes(enc(CURLY)),
    )
    expect(feed).toContain(`<link>${SITE}/articles/${enc(CURLY)}</link>`)

    const topicFeed = await get(`/topics/${enc(CURLY)}/feed.xml`)
    expect(topicFeed.status).toBe(200)
    const topicXml = await topicFeed.text()
    expect(topicXml).toContain(`<link>${SITE}/topics/${enc(CURLY)}</link>`)
    expect(topicXml).toContain(`<atom:link href="${SITE}/topics/${enc(CURLY)}/feed.xml"`)
    expect(topicXml).toContain(`<link>${SITE}/articles/${enc(QUERY)}</link>`)

    const news = await eventually(
      () => text('/news-sitemap.xml'),
      (xml) => xml.includes(enc(CURLY)),
    )
    expect(news).toContain(`<loc>${SITE}/articles/${enc(CURLY)}</loc>`)

    const results = hrefs(await text(`/search?q=${enc(titles.get(QUERY)!)}`))
    expect(results).toContain(`/articles/${enc(QUERY)}`)
  })
})
