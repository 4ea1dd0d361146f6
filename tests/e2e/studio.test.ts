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

  it('explains how to edit, instead of an error screen, when the local Content Lake is off', async () => {
    // production builds keep the lake off unless BROADSHEET_LOCAL_LAKE=1
    const page = await site.browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${site.url}/studio`)
    // (Next's route announcer is an empty alert of its own)
    const alert = page.getByRole('alert').filter({hasText: /\S/})
    await alert.waitFor()
    expect(await alert.textContent()).toMatch(/local Content Lake is off.*BROADSHEET_LOCAL_LAKE=1/)
    expect(await page.getByRole('heading', {level: 1}).textContent()).toBe('The Studio cannot edit here')
    expect(errors).toEqual([])
    const session = await fetch(`${site.url}/api/local-lake`)
    expect(session.status).toBe(404)
    expect(session.headers.get('cache-control')).toBe('no-store')
    await page.close()
  })
})
