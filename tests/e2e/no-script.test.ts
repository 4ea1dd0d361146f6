/**
 * Reader pages without the client runtime, as `npm start` serves them: no script, the script-free policy, caching
 * and compression intact; draft mode, the Studio and a plain `next start` keep the runtime and their policies.
 */
import {cspDirectives, describeInBrowser, READER_PAGE_TYPES, useProductionSite} from '../support/e2e'
import {E2E_PREVIEW_SECRET, startProductionServer, type RunningServer} from '../support/production-server'

const MODEL = '/articles/microsoft-wont-sell-facial-recognition-to-police'
const READER_PAGES = [...READER_PAGE_TYPES, '/search']

/** Executable scripts and script preloads; JSON-LD is data, and stays. */
const runtimeIn = (html: string) => [
  ...[...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]).filter((tag) => !/type="application\/ld\+json"/.test(tag)),
  ...[...html.matchAll(/<link\b[^>]*>/gi)].map((m) => m[0]).filter((tag) => /rel="modulepreload"|as="script"/.test(tag)),
  ...(html.includes('self.__next_f') ? ['the inlined RSC payload'] : []),
]

/** The zero-width characters Sanity's stega encoding hides source maps in (@vercel/stega). */
const STEGA_CHARACTERS = /[\u200B-\u200D\u2060-\u2064\uFEFF]/

describeInBrowser('reader pages without the client runtime (npm start)', () => {
  const site = useProductionSite()

  it.each(READER_PAGES)('%s: no script, no script preload, and the script-free policy', async (path) => {
    const response = await fetch(site.url + path, {headers: {'accept-encoding': 'br, gzip'}})
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(response.headers.get('content-encoding')).toBe('br')
    const html = await response.text()
    expect(html).toMatch(/<\/html>$/)
    expect(runtimeIn(html)).toEqual([])
    // nothing of the editor's preview: no click-to-edit attribute, no stega-encoded (invisible) characters
    expect(html).not.toContain('data-sanity')
    expect(html).not.toMatch(STEGA_CHARACTERS)
    const csp = cspDirectives(response.headers.get('content-security-policy'))
    expect(csp.get('script-src')).toEqual(["'none'"])
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    expect(csp.get('form-action')).toEqual(["'self'"])
    // the standard headers stay
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('keeps what a reader needs without JavaScript: the search form, RSS, the skip link, sized and lazy images', async () => {
    const search = await (await fetch(`${site.url}/search`)).text()
    expect(search).toMatch(/<form[^>]*action="\/search"[^>]*method="get"/)
    const home = await (await fetch(`${site.url}/`)).text()
    expect(home).toMatch(/<link rel="alternate" type="application\/rss\+xml" href="[^"]*\/feed.xml"/)
    expect(home).toContain('<a class="skip-link" href="#main">')
    expect(home).toMatch(/<a [^>]*rel="next"[^>]*href="\/page\/2"|<a [^>]*href="\/page\/2"[^>]*rel="next"/)
    const images = [...home.matchAll(/<img\b[^>]*>/g)].map((m) => m[0])
    expect(images.length).toBeGreaterThan(2)
    for (const img of images) {
      expect(img).toMatch(/srcSet="[^"]*\/_next\/image\?[^"]* \d+w/)
      expect(img).toMatch(/sizes="[^"]+"/)
      expect(img).toMatch(/width="\d+" height="\d+"/)
      // no blur placeholder: next/image clears it with script
      expect(img).not.toMatch(/background-image/)
    }
    // the lead image is fetched first; the rest wait until they near the viewport
    expect(images[0]).toMatch(/fetchPriority="high"/)
    expect(images[0]).not.toMatch(/loading="lazy"/)
    expect(images.slice(1).every((img) => /loading="lazy"/.test(img))).toBe(true)
    expect(home).toMatch(/<link rel="preload" as="image" imageSrcSet=/)
  })

  it('keeps ISR caching, validators, HEAD and compression right', async () => {
    // until a regeneration the first requests may have started is done, the validator can change
    for (let i = 0; i < 40; i++) {
      const warm = await fetch(site.url + MODEL, {headers: {'accept-encoding': 'gzip'}})
      await warm.arrayBuffer()
      if (warm.headers.get('x-nextjs-cache') === 'HIT') break
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    const response = await fetch(site.url + MODEL, {headers: {'accept-encoding': 'gzip'}})
    expect(response.headers.get('content-encoding')).toBe('gzip')
    expect(response.headers.get('x-nextjs-cache')).toBe('HIT')
    expect(response.headers.get('cache-control')).toMatch(/s-maxage=\d+/)
    expect(response.headers.get('vary')).toMatch(/Accept-Encoding/i)
    const etag = response.headers.get('etag')!
    // a compressed body gets a weak validator; the client sends it back and gets a 304
    expect(etag).toMatch(/^W\/"/)
    const html = await response.text()
    expect(runtimeIn(html)).toEqual([])
    // (fetch adds `Cache-Control: no-cache` to a conditional request unless told otherwise, and that bypasses the 304)
    const again = await fetch(site.url + MODEL, {headers: {'accept-encoding': 'gzip', 'if-none-match': etag, 'cache-control': 'max-age=0'}})
    expect(again.status).toBe(304)

    // uncompressed: the length is the filtered page's
    const identity = await fetch(site.url + MODEL, {headers: {'accept-encoding': 'identity'}})
    const body = Buffer.from(await identity.arrayBuffer())
    expect(identity.headers.get('content-encoding')).toBeNull()
    expect(Number(identity.headers.get('content-length'))).toBe(body.length)
    expect(runtimeIn(body.toString())).toEqual([])

    const head = await fetch(site.url + MODEL, {method: 'HEAD'})
    expect(head.status).toBe(200)
    expect(cspDirectives(head.headers.get('content-security-policy')).get('script-src')).toEqual(["'none'"])
    expect(await head.text()).toBe('')

    // what is not a page passes through: a feed is compressed, Next's own files are Next's
    const feed = await fetch(`${site.url}/feed.xml`, {headers: {'accept-encoding': 'br'}})
    expect(feed.headers.get('content-type')).toMatch(/xml/)
    expect(await feed.text()).toMatch(/<rss/)
  })

  it('serves every 404 as the site 404 page in the HTML, without script: Next renders notFound() only in the browser (vercel/next.js#62228)', async () => {
    for (const [path, encoding] of [
      ['/no-such-page', 'br'],
      ['/no-such-page', 'identity'],
      ['/articles/no-such-story', 'gzip'],
      ['/articles/no-such-story', 'identity'],
      ['/topics/ai/page/99', 'br'],
      ['/articles/what%E2%80-next', 'identity'],
    ]) {
      const response = await fetch(site.url + path, {headers: {'accept-encoding': encoding}})
      const html = await response.text()
      expect({path, status: response.status, encoding: response.headers.get('content-encoding') ?? 'identity'}).toEqual({
        path,
        status: 404,
        encoding,
      })
      expect(html).toMatch(/<h1>We can’t find that page<\/h1>/)
      // inside the site's chrome, as any reader page
      expect(html).toContain('<a class="skip-link" href="#main">')
      expect(html).toMatch(/<meta name="robots" content="noindex"\/>/)
      expect(runtimeIn(html)).toEqual([])
      expect(cspDirectives(response.headers.get('content-security-policy')).get('script-src')).toEqual(["'none'"])
    }
  })

  it('keeps the runtime and its policy in draft mode, and in the Studio', async () => {
    const enable = await fetch(`${site.url}/api/draft-mode/enable?secret=${E2E_PREVIEW_SECRET}&redirect=/`, {redirect: 'manual'})
    const cookie = enable.headers.get('set-cookie')!.split(';')[0]
    for (const path of ['/', MODEL, '/search?q=privacy']) {
      const draft = await fetch(site.url + path, {headers: {cookie}})
      const html = await draft.text()
      expect(html).toContain('Exit preview')
      expect(runtimeIn(html).length).toBeGreaterThan(0)
      expect(html).toContain('self.__next_f')
      const csp = cspDirectives(draft.headers.get('content-security-policy'))
      expect(csp.get('frame-ancestors')).toEqual(["'self'"])
      expect(csp.has('script-src')).toBe(false)
    }
    const studio = await fetch(`${site.url}/studio`)
    expect(runtimeIn(await studio.text()).length).toBeGreaterThan(0)
    expect(cspDirectives(studio.headers.get('content-security-policy')).has('script-src')).toBe(false)
  })

  it('in Chromium: search, pagination and the skip link work, and no policy violation is reported', async () => {
    const context = await site.browser.newContext({viewport: {width: 390, height: 844}})
    await context.addInitScript(() => {
      const w = window as unknown as {__violations: string[]}
      w.__violations = []
      document.addEventListener('securitypolicyviolation', (event) => w.__violations.push(`${event.violatedDirective} ${event.blockedURI}`))
    })
    const page = await context.newPage()
    const violations: string[] = []
    const scripts: string[] = []
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text().slice(0, 200))
    })
    page.on('request', (request) => {
      if (request.resourceType() === 'script' || request.url().includes('_rsc=')) scripts.push(request.url())
    })
    const collect = async (label: string) => {
      for (const v of await page.evaluate(() => (window as unknown as {__violations: string[]}).__violations))
        violations.push(`${label}: ${v}`)
    }
    for (const path of [...READER_PAGES, '/articles/no-such-story']) {
      await page.goto(site.url + path, {waitUntil: 'networkidle'})
      await collect(path)
    }
    // a 404 shows its message with no script to render it
    await expect(page.getByRole('heading', {level: 1}).textContent()).resolves.toBe('We can’t find that page')

    // search: the GET form
    await page.goto(`${site.url}/`)
    await page.getByRole('link', {name: 'Search'}).first().click()
    await page.waitForURL(/\/search$/)
    await page.getByRole('searchbox').first().fill('facial recognition')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/search\?q=facial\+recognition/)
    expect(await page.locator('main a[href^="/articles/"]').count()).toBeGreaterThan(0)
    await collect('search results')

    // pagination: a full page load to the next page and back
    await page.goto(`${site.url}/`)
    await page.getByRole('link', {name: /Older stories/}).click()
    await page.waitForURL(/\/page\/2$/)
    expect(await page.locator('main article').count()).toBeGreaterThan(0)
    await page.getByRole('link', {name: /Newer stories/}).click()
    await page.waitForURL(`${site.url}/`)

    // the skip link moves focus to the main landmark
    await page.goto(site.url + MODEL)
    await page.keyboard.press('Tab')
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content')
    await page.keyboard.press('Enter')
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main')
    await collect('skip link')

    expect(scripts).toEqual([])
    expect(violations).toEqual([])
    await context.close()
  })
})

describe('on a host without the filter (plain next start)', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startProductionServer({}, [], {plain: true})
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('serves the same pages with their runtime, under the policy that allows it', async () => {
    const response = await fetch(server.url + MODEL)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('Microsoft won’t sell facial recognition to police')
    expect(html).toContain('self.__next_f')
    expect(cspDirectives(response.headers.get('content-security-policy')).get('script-src')).toEqual(["'self'", "'unsafe-inline'"])
  })
})
