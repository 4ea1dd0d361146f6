import {encodeSignatureHeader} from '@sanity/webhook'
import type {Page} from 'playwright-core'
import {demoDocuments} from '../support/demo'
import {describeInBrowser, useProductionSite} from '../support/e2e'
import {startProductionServer, type RunningServer} from '../support/production-server'
import {copyDemoDataset, demoDatasetWith, eventually} from '../support/temp-dataset'

const SECRET = 'e2e-revalidate-secret-0123456789'
const MODEL_ID = 'article-facial-recognition-police'
const MODEL = '/articles/microsoft-wont-sell-facial-recognition-to-police'
const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/

/** Parses XML with the browser's own parser; fails the test on any well-formedness error. */
async function parseXml(page: Page, xml: string) {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'application/xml')
    const error = doc.querySelector('parsererror')?.textContent ?? null
    const text = (el: Element | null | undefined) => el?.textContent ?? null
    const byTag = (el: Element, ns: string, name: string) => [...el.getElementsByTagNameNS(ns, name)]
    const items = [...doc.querySelectorAll('item')].map((item) => ({
      title: text(item.querySelector('title')),
      link: text(item.querySelector('link')),
      guid: text(item.querySelector('guid')),
      pubDate: text(item.querySelector('pubDate')),
      creator: text(byTag(item, 'http://purl.org/dc/elements/1.1/', 'creator')[0]),
      categories: [...item.querySelectorAll('category')].map((c) => c.textContent),
    }))
    const self = byTag(doc.documentElement, 'http://www.w3.org/2005/Atom', 'link')[0]
    const sitemapNs = 'http://www.sitemaps.org/schemas/sitemap/0.9'
    const newsNs = 'http://www.google.com/schemas/sitemap-news/0.9'
    const urls = byTag(doc.documentElement, sitemapNs, 'url').map((url) => ({
      loc: text(byTag(url, sitemapNs, 'loc')[0]),
      lastmod: text(byTag(url, sitemapNs, 'lastmod')[0]),
      newsTitle: text(byTag(url, newsNs, 'title')[0]),
      newsDate: text(byTag(url, newsNs, 'publication_date')[0]),
      publication: text(byTag(url, newsNs, 'name')[0]),
    }))
    return {
      error,
      root: doc.documentElement.nodeName,
      channelTitle: text(doc.querySelector('channel > title')),
      self: self ? {href: self.getAttribute('href'), rel: self.getAttribute('rel')} : null,
      items,
      urls,
    }
  }, xml)
}

async function signedPost(url: string, body: string, {secret = SECRET, ageMs = 0} = {}) {
  const signature = await encodeSignatureHeader(body, Date.now() - ageMs, secret)
  return fetch(`${url}/api/revalidate`, {
    method: 'POST',
    headers: {'content-type': 'application/json', 'sanity-webhook-signature': signature},
    body,
  })
}

describeInBrowser('publishing on the production build', () => {
  const dataset = copyDemoDataset()
  const site = useProductionSite({BROADSHEET_DATASET_FILE: dataset.file, SANITY_REVALIDATE_SECRET: SECRET})
  let page: Page
  beforeAll(async () => {
    page = await site.browser.newPage()
  })
  afterAll(() => dataset.remove())
  afterAll(() => {
    // what the server said about the dataset, for when a live-edit test fails
    const lines = site.server
      ?.output()
      .split('\n')
      .filter((line) => line.includes('[store]') || line.includes('[content]'))
    if (lines?.length) console.log(lines.slice(-20).join('\n'))
  })

  const get = async (path: string) => (await fetch(site.url + path)).text()

  it('serves an RSS 2.0 feed that parses, with self link, RFC 822 dates, bylines and categories', async () => {
    const response = await fetch(`${site.url}/feed.xml`)
    expect(response.headers.get('content-type')).toContain('application/rss+xml')
    const feed = await parseXml(page, await response.text())
    expect(feed.error).toBeNull()
    expect(feed.root).toBe('rss')
    expect(feed.channelTitle).toBe('Broadsheet')
    expect(feed.self).toEqual({href: 'http://localhost:3000/feed.xml', rel: 'self'})
    expect(feed.items.length).toBeGreaterThanOrEqual(12)
    for (const item of feed.items) {
      expect(item.pubDate).toMatch(RFC_822)
      expect(item.link).toMatch(/^http:\/\/localhost:3000\/articles\/[a-z0-9-]+$/)
      expect(item.guid).toBe(item.link)
      expect(item.creator).toBeTruthy()
      expect(item.categories.length).toBeGreaterThan(0)
    }
    const topic = await parseXml(page, await get('/topics/privacy/feed.xml'))
    expect(topic.error).toBeNull()
    expect(topic.items.length).toBeGreaterThan(0)
    topic.items.forEach((item) => expect(item.categories).toContain('Privacy'))
    expect((await fetch(`${site.url}/topics/no-such-topic/feed.xml`)).status).toBe(404)
  })

  it('lists every public page type in sitemap.xml with lastmod, and robots.txt keeps crawlers out of /studio and /api', async () => {
    const sitemap = await parseXml(page, await get('/sitemap.xml'))
    expect(sitemap.error).toBeNull()
    const locs = sitemap.urls.map((u) => u.loc)
    for (const prefix of ['/articles/', '/topics/', '/authors/', '/quotes/', '/principles/']) {
      expect(locs.some((loc) => loc?.startsWith(`http://localhost:3000${prefix}`))).toBe(true)
    }
    expect(locs).toContain(`http://localhost:3000${MODEL}`)
    expect(locs.join()).not.toContain('inside-the-quantum-roadmap')
    sitemap.urls.forEach((url) => expect(Number.isNaN(Date.parse(url.lastmod ?? ''))).toBe(false))

    const robots = await get('/robots.txt')
    expect(robots).toMatch(/^Disallow: \/studio$/m)
    expect(robots).toMatch(/^Disallow: \/api\/$/m)
    expect(robots).toContain('Sitemap: http://localhost:3000/sitemap.xml')
    expect(robots).toContain('Sitemap: http://localhost:3000/news-sitemap.xml')
  })

  it('puts NewsArticle and BreadcrumbList JSON-LD with Google’s properties on the model article', async () => {
    const html = await get(MODEL)
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].map((m) => JSON.parse(m[1]))
    const graph = blocks.flat()
    const news = graph.find((node) => node['@type'] === 'NewsArticle')
    expect(news).toMatchObject({
      '@context': 'https://schema.org',
      headline: expect.stringMatching(/^Microsoft won.t sell facial recognition/),
      datePublished: '2026-11-20T14:30:00Z',
      dateModified: expect.any(String),
      author: [{'@type': 'Person', name: expect.any(String), url: expect.stringMatching(/^http:\/\/localhost:3000\/authors\//)}],
      publisher: {'@type': 'Organization', name: 'Broadsheet', logo: {'@type': 'ImageObject', url: 'http://localhost:3000/logo.png'}},
      mainEntityOfPage: {'@type': 'WebPage', '@id': `http://localhost:3000${MODEL}`},
    })
    // the builder's own parameters, as in hosted mode: no crop here, so only the format
    expect(news.image[0]).toMatch(/^http:\/\/localhost:3000\/media\/[a-f0-9]{40}-1600x900\.png$/)
    expect(news.headline.length).toBeLessThanOrEqual(110)
    const crumbs = graph.find((node) => node['@type'] === 'BreadcrumbList')
    expect(crumbs.itemListElement.map((item: {position: number}) => item.position)).toEqual([1, 2, 3])
    expect((await fetch(`${site.url}/logo.png`)).headers.get('content-type')).toBe('image/png')
    // social cards
    expect(html).toMatch(/<meta property="og:image" content="http:\/\/localhost:3000\/articles\/[^"]+\/opengraph-image[^"]*"/)
    expect(html).toContain('<meta property="og:image:width" content="1200"/>')
    expect(html).toContain('<meta property="og:image:height" content="630"/>')
    expect(html).toContain('<meta property="article:published_time" content="2026-11-20T14:30:00Z"/>')
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"/>')
    expect(html).toContain(`<link rel="canonical" href="http://localhost:3000${MODEL}"/>`)
  })

  it('ranks an exact headline first, and answers hostile queries with a friendly page', async () => {
    const results = await page.goto(`${site.url}/search?q=${encodeURIComponent('Microsoft won’t sell facial recognition to police')}`)
    expect(results?.status()).toBe(200)
    await expect(page.locator('.search-hit a').first().getAttribute('href')).resolves.toBe(MODEL)
    const quotes = await (await fetch(`${site.url}/search?q=Brad+Smith`)).text()
    expect(quotes).toContain('/quotes/')
    for (const q of ['', 'x'.repeat(10_000), '*[_type == "article"]{...}', '"] | order(', '🙂🚀', '<script>alert(1)</script>', '\u0000']) {
      const response = await fetch(`${site.url}/search?q=${encodeURIComponent(q)}`)
      expect({q: q.slice(0, 20), status: response.status}).toEqual({q: q.slice(0, 20), status: 200})
      const html = await response.text()
      expect(html).not.toContain('<script>alert(1)</script>')
      expect(html).toMatch(/Search|Nothing matched|Try searching/)
    }
  })

  describe('the revalidation webhook', () => {
    const body = JSON.stringify({_id: 'quote-brad-smith-facial-recognition', _type: 'quote', slug: 'brad-smith-facial-recognition-police'})

    it('revalidates the document, its type’s lists and the articles that embed it', async () => {
      const response = await signedPost(site.url, body)
      expect(response.status).toBe(200)
      const {revalidated} = await response.json()
      expect(revalidated).toEqual(
        expect.arrayContaining([
          'quote:brad-smith-facial-recognition-police',
          'list:quote',
          `article:microsoft-wont-sell-facial-recognition-to-police`,
        ]),
      )
      expect(revalidated).not.toContain('list:article')
    })

    it('reaches past the micro-cache in front of Next: the request after a publish is rendered anew, not the copy kept for a second', async () => {
      const quotePage = `${site.url}/quotes/brad-smith-facial-recognition-police`
      /** Next's word on the page (HIT: from its cache) and the front's (HIT: the copy it kept in memory). */
      const cacheState = async () => {
        const response = await fetch(quotePage)
        await response.arrayBuffer()
        return {next: response.headers.get('x-nextjs-cache'), memory: response.headers.get('x-micro-cache')}
      }
      // The copy lives a second: only a request within that second after it was kept shows it was purged, not
      // expired. On a busy machine the publish can take longer; then the test tries again (three times at most).
      for (let attempt = 1; ; attempt++) {
        // a fresh page from Next's cache, kept in front of it from the first of these two requests on (the front keeps
        // nothing for a moment after an expiry: then the second comes from Next again, and the pair is asked again)
        const kept = await eventually(
          async () => {
            const sent = performance.now()
            const stored = await cacheState()
            const again = stored.next === 'HIT' && stored.memory === null ? await cacheState() : undefined
            return {sent, stored, again}
          },
          ({stored, again}) => stored.memory === null && again?.memory === 'HIT',
          20_000,
          50,
        )
        expect({stored: kept.stored, again: kept.again}).toEqual({stored: {next: 'HIT', memory: null}, again: {next: 'HIT', memory: 'HIT'}})
        expect((await signedPost(site.url, body)).status).toBe(200)
        // Next renders the expired page again; a copy kept in front would say HIT in both headers
        const after = await cacheState()
        const withinTheSecond = performance.now() - kept.sent < 900
        if (!withinTheSecond && attempt < 3) continue
        expect({after, withinTheSecond}).toEqual({after: {next: expect.not.stringMatching(/^HIT$/), memory: null}, withinTheSecond: true})
        break
      }
    })

    it.each([
      ['unsigned', () => fetch(`${site.url}/api/revalidate`, {method: 'POST', body}), 401],
      ['forged', () => signedPost(site.url, body, {secret: 'not-the-secret-0123456789'}), 401],
      ['replayed after the window', () => signedPost(site.url, body, {ageMs: 6 * 60 * 1000}), 401],
      [
        'signed for another body',
        async () => {
          const signature = await encodeSignatureHeader(body, Date.now(), SECRET)
          return fetch(`${site.url}/api/revalidate`, {
            method: 'POST',
            headers: {'sanity-webhook-signature': signature},
            body: body.replace('quote', 'topic'),
          })
        },
        401,
      ],
      ['oversized', () => signedPost(site.url, JSON.stringify({_id: 'x', _type: 'article', padding: 'a'.repeat(1024 * 1024)})), 413],
    ])('refuses a %s request and revalidates nothing', async (_label, send, status) => {
      const response = await send()
      expect(response.status).toBe(status)
      const answer = await response.json()
      expect(answer.revalidated).toBeUndefined()
      expect(answer.error).toBeTruthy()
    })
  })

  it('shows a headline edited in the dataset file within seconds, with no rebuild or restart', async () => {
    const edited = 'Edited: Microsoft & police <facial> "recognition" rules'
    const recent = new Date(Date.now() - 60 * 60 * 1000).toISOString()
    dataset.edit((doc) => (doc._id === MODEL_ID ? {...doc, title: edited, publishedAt: recent} : doc))

    const articleHtml = await eventually(
      () => get(MODEL),
      (html) => html.includes('Edited: Microsoft &amp; police'),
    )
    expect(articleHtml).toContain('<h1>Edited: Microsoft &amp; police &lt;facial&gt; &quot;recognition&quot; rules</h1>')
    const home = await eventually(
      () => get('/'),
      (html) => html.includes('Edited: Microsoft &amp; police'),
    )
    expect(home).toContain('Edited: Microsoft &amp; police')

    // the feed escapes it and still parses; the news sitemap now carries it (published an hour ago)
    const feed = await parseXml(
      page,
      await eventually(
        () => get('/feed.xml'),
        (xml) => xml.includes('Edited:'),
      ),
    )
    expect(feed.error).toBeNull()
    expect(feed.items.map((item) => item.title)).toContain(edited)
    const news = await parseXml(
      page,
      await eventually(
        () => get('/news-sitemap.xml'),
        (xml) => xml.includes('Edited:'),
      ),
    )
    expect(news.error).toBeNull()
    const entry = news.urls.find((url) => url.loc?.endsWith(MODEL))
    expect(entry).toMatchObject({newsTitle: edited, publication: 'Broadsheet'})
    expect(Date.parse(entry!.newsDate!)).toBe(Date.parse(recent))
  })

  it('degrades a corrupted document without a 5xx, logging what it dropped', async () => {
    dataset.edit((doc) => {
      if (doc._id === 'article-ibm-exits-facial-recognition') {
        const body = doc.body as unknown[]
        return {
          ...doc,
          body: [
            {_type: 'block', _key: 'bad1', children: 'not an array'},
            {_type: 'mysteryWidget', _key: 'bad2'},
            {_type: 'quoteEmbed', _key: 'bad3', quote: {_type: 'reference', _ref: 'quote-that-does-not-exist'}},
            {
              _type: 'block',
              _key: 'bad4',
              style: 'normal',
              markDefs: [{_type: 'link', _key: 'js', href: 'javascript:alert(1)'}],
              children: [{_type: 'span', text: 'Click for details', marks: ['js']}],
            },
            ...body,
          ],
        }
      }
      if (doc._id === 'article-passkeys-default') return {...doc, title: 42, author: {_type: 'reference', _ref: 'author-nobody'}}
      return doc
    })
    const degraded = await eventually(
      () => fetch(`${site.url}/articles/ibm-exits-facial-recognition-business`),
      (response) => response.status === 200,
    )
    const html = await eventually(
      () => get('/articles/ibm-exits-facial-recognition-business'),
      (h) => h.includes('Click for details'),
    )
    expect(html).toContain('Click for details')
    expect(html).not.toContain('javascript:')
    expect(degraded.status).toBe(200)
    // a document missing what its page cannot do without is a 404, and the lists around it still render
    const broken = await eventually(
      () => fetch(`${site.url}/articles/google-passkeys-default-sign-in`),
      (r) => r.status === 404,
    )
    expect(broken.status).toBe(404)
    for (const path of ['/', '/topics/security', '/topics/privacy', '/feed.xml', '/sitemap.xml', '/search?q=passkeys']) {
      expect({path, status: (await fetch(site.url + path)).status}).toEqual({path, status: 200})
    }
    const log = site.server.output()
    expect(log).toMatch(/dropped body\[0\] in document article-ibm-exits-facial-recognition/)
    expect(log).toMatch(/dropped body\[1\] in document article-ibm-exits-facial-recognition: unknown block type "mysteryWidget"/)
    expect(log).toMatch(/dropped body\[2\] in document article-ibm-exits-facial-recognition/)
    expect(log).toMatch(/dropped body\[3\]\.markDefs\[0\] in document article-ibm-exits-facial-recognition/)
  })

  it('keeps a </script> in a headline inside its JSON-LD, and never runs it', async () => {
    const hostile = 'Breaking </script><script>window.__pwned = 1</script> news'
    dataset.edit((doc) => (doc._id === MODEL_ID ? {...doc, title: hostile} : doc))
    await eventually(
      () => get(MODEL),
      (html) => html.includes('Breaking &lt;/script&gt;'),
    )
    const dialogs: string[] = []
    page.on('dialog', (dialog) => void dialogs.push(dialog.message()))
    await page.goto(site.url + MODEL)
    expect(await page.evaluate(() => (window as unknown as {__pwned?: number}).__pwned)).toBeUndefined()
    const ld = await page.locator('script[type="application/ld+json"]').first().textContent()
    expect(JSON.parse(ld!)[0].headline).toBe(hostile)
    expect(dialogs).toEqual([])
  })
})

describeInBrowser('a production server started on another dataset than the one it was built with', () => {
  const TITLE = 'Only in the served file: a story the build never saw'
  const SLUG = 'only-in-the-served-file'
  const model = demoDocuments().find((doc) => doc._id === MODEL_ID)!
  // the build (tests/e2e/global-setup.ts) rendered its listings from the demo dataset, which lacks this article
  const dataset = demoDatasetWith([
    {
      ...model,
      _id: 'article-only-in-the-served-file',
      title: TITLE,
      slug: {_type: 'slug', current: SLUG},
      publishedAt: new Date().toISOString(),
    },
  ])
  let server: RunningServer
  beforeAll(async () => {
    server = await startProductionServer({BROADSHEET_DATASET_FILE: dataset.file})
  })
  afterAll(async () => {
    await server?.stop()
    dataset.remove()
  })

  /**
   * The page on the first request, or once the regeneration that request started has finished: a page built
   * before the server read the file is served stale once, while it renders again.
   */
  const firstOrRegenerated = async (path: string) => {
    const first = await (await fetch(server.url + path)).text()
    if (first.includes(TITLE)) return first
    return eventually(
      async () => (await fetch(server.url + path)).text(),
      (html) => html.includes(TITLE),
      10_000,
    )
  }

  it('lists an article only the served file has on the home page, in the feed and on its topic, at once', async () => {
    expect(await (await fetch(`${server.url}/articles/${SLUG}`)).text()).toContain(TITLE)
    expect(await firstOrRegenerated('/')).toContain(TITLE)
    expect(await firstOrRegenerated('/feed.xml')).toContain(TITLE)
    // the model article's topics, which the copy keeps
    expect(await firstOrRegenerated('/topics/privacy')).toContain(TITLE)
  }, 60_000)
})
