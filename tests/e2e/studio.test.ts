import {describeInBrowser, useProductionSite} from '../support/e2e'

describeInBrowser('the embedded Studio on the production build', () => {
  const site = useProductionSite()

  it('is served statically with noindex, same-origin referrer and its own framing rule', async () => {
    const response = await fetch(`${site.url}/studio`)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toMatch(/<meta name="robots" content="noindex"/)
    expect(html).toMatch(/<meta name="referrer" content="same-origin"/)
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'")
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    // statically rendered: served from the build, not rendered per request
    expect(response.headers.get('x-nextjs-cache') ?? response.headers.get('x-nextjs-prerender')).toBeTruthy()
  })

  it('boots its bundle without a JavaScript error before it first reaches for the network', async () => {
    const page = await site.browser.newPage()
    const events: {kind: 'error' | 'api'; at: number; what: string}[] = []
    page.on('pageerror', (error) => events.push({kind: 'error', at: Date.now(), what: error.message}))
    page.on('request', (request) => {
      const url = new URL(request.url())
      // the Content Lake API, not the CDN scripts (bridge, version check) that load alongside
      if (url.hostname.endsWith('.api.sanity.io')) events.push({kind: 'api', at: Date.now(), what: url.href})
    })
    await page.goto(`${site.url}/studio`)
    // the Studio's own root mounts, then it asks the Content Lake who the user is
    await page.waitForSelector('#sanity', {state: 'attached'})
    const deadline = Date.now() + 30_000
    while (!events.some((e) => e.kind === 'api') && Date.now() < deadline) await page.waitForTimeout(250)
    const firstApi = events.findIndex((e) => e.kind === 'api')
    expect(firstApi).toBeGreaterThanOrEqual(0)
    expect(events[firstApi].what).toMatch(/^https:\/\/broadsheet-local\.api\.sanity\.io\/v[\d-]+\//)
    expect(events.slice(0, firstApi).filter((e) => e.kind === 'error')).toEqual([])
    if (process.env.STUDIO_SCREENSHOT) {
      await page.waitForTimeout(8000)
      await page.screenshot({path: process.env.STUDIO_SCREENSHOT})
    }
    await page.close()
  })
})
