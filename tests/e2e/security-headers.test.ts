/** Security headers, read from a production build, and the reader policy checked in Chromium. */
import {cspDirectives, describeInBrowser, READER_PAGE_TYPES, useProductionSite} from '../support/e2e'
import {E2E_PREVIEW_SECRET} from '../support/production-server'

const READER_PAGES = [...READER_PAGE_TYPES, '/no-such-page']

describeInBrowser('security headers on the production build', () => {
  const site = useProductionSite()

  it.each(READER_PAGES)('%s: a reader policy and the standard headers', async (path) => {
    const response = await fetch(`${site.url}${path}`)
    expect(response.status).toBeLessThan(500)
    const headers = response.headers
    expect(headers.get('x-content-type-options')).toBe('nosniff')
    expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(headers.get('permissions-policy')).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/)
    expect(headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/)
    const csp = cspDirectives(headers.get('content-security-policy'))
    // npm start takes the scripts out of reader pages and 404s, so nothing may run (tests/e2e/no-script.test.ts)
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('script-src')).toEqual(["'none'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'self'"])
    expect(csp.get('form-action')).toEqual(["'self'"])
    // nothing from another origin, in embedded mode
    for (const [name, values] of csp) expect({name, values: values.filter((v) => /^https?:|^\*/.test(v))}).toEqual({name, values: []})
    expect(headers.get('x-powered-by')).toBeNull()
  })

  it('gives the Studio, draft mode and the preview routes the framing the Presentation tool needs, and no more', async () => {
    const studio = await fetch(`${site.url}/studio`)
    expect(cspDirectives(studio.headers.get('content-security-policy')).get('frame-ancestors')).toEqual(["'self'"])
    expect(studio.headers.get('x-frame-options')).toBe('SAMEORIGIN')

    const enable = await fetch(`${site.url}/api/draft-mode/enable?secret=${E2E_PREVIEW_SECRET}&redirect=/`, {redirect: 'manual'})
    expect(cspDirectives(enable.headers.get('content-security-policy')).get('frame-ancestors')).toEqual(["'self'"])
    const cookie = enable.headers.get('set-cookie')!.split(';')[0]
    const draft = await fetch(`${site.url}/`, {headers: {cookie}})
    expect(cspDirectives(draft.headers.get('content-security-policy')).get('frame-ancestors')).toEqual(["'self'"])
    // the standard headers stay
    expect(draft.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('breaks nothing: no policy violation on any reader page in Chromium', async () => {
    const context = await site.browser.newContext()
    await context.addInitScript(() => {
      const w = window as unknown as {__violations: string[]}
      w.__violations = []
      document.addEventListener('securitypolicyviolation', (event) => w.__violations.push(`${event.violatedDirective} ${event.blockedURI}`))
    })
    const page = await context.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text().slice(0, 200))
    })
    for (const path of READER_PAGES) {
      await page.goto(`${site.url}${path}`, {waitUntil: 'networkidle'})
      for (const v of await page.evaluate(() => (window as unknown as {__violations: string[]}).__violations))
        violations.push(`${path}: ${v}`)
    }
    // a link is a plain page load: no router, nothing to hydrate
    await page.goto(`${site.url}/`, {waitUntil: 'networkidle'})
    await page.locator('main a[href^="/articles/"]').first().click()
    await page.waitForURL(/\/articles\//)
    expect(await page.locator('script:not([type="application/ld+json"])').count()).toBe(0)
    expect(violations).toEqual([])
    await context.close()
  })
})
