import {describeInBrowser, useProductionSite} from '../support/e2e'

const MODEL_HEADLINE = /^Microsoft won.t sell facial recognition to police/
const PRINCIPLES = ['Fairness', 'Transparency', 'Accountability', 'Non-discrimination', 'Notice and consent', 'Lawful surveillance']

describeInBrowser('a reader on the production build', () => {
  const site = useProductionSite()

  it('goes from the home page to the model article and reads everything on it', async () => {
    const page = await site.browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))

    const home = await page.goto(`${site.url}/`)
    expect(home?.status()).toBe(200)
    await page.getByRole('link', {name: MODEL_HEADLINE}).first().click()
    await page.waitForURL('**/articles/microsoft-wont-sell-facial-recognition-to-police')

    await expect(page.getByRole('heading', {level: 1}).textContent()).resolves.toMatch(MODEL_HEADLINE)
    await expect(page.locator('.byline').textContent()).resolves.toContain('3 min read')
    const datetime = await page.locator('.byline time').first().getAttribute('datetime')
    expect(new Date(datetime!).toISOString()).toBe('2026-11-20T14:30:00.000Z')

    const disclosure = page.getByRole('complementary', {name: 'Affiliate disclosure'})
    await expect(disclosure.textContent()).resolves.toMatch(/commission/i)
    // the disclosure comes before the body
    const disclosureFirst = await page.evaluate(() => {
      const aside = document.querySelector('.disclosure')!
      const body = document.querySelector('.article-body')!
      return Boolean(aside.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING)
    })
    expect(disclosureFirst).toBe(true)

    const quote = page.locator('.article-body figure.quote').first()
    await expect(quote.locator('blockquote').textContent()).resolves.toMatch(/human rights/i)
    await expect(quote.locator('figcaption').textContent()).resolves.toMatch(/Brad Smith, President, Microsoft/)

    const principles = page.locator('.article-body .principles ol > li strong')
    await expect(principles.allTextContents()).resolves.toEqual(PRINCIPLES)

    const topicLinks = page.getByRole('navigation', {name: 'Topics'}).getByRole('link')
    const hrefs = await topicLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href')))
    expect(hrefs).toHaveLength(3)
    hrefs.forEach((href) => expect(href).toMatch(/^\/topics\/[a-z0-9-]+$/))

    // images are served and sized, so nothing shifts
    const hero = page.locator('.hero img')
    const naturalWidth = await hero.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))
    expect(naturalWidth).toBeGreaterThan(0)
    await expect(hero.getAttribute('width')).resolves.toBe('1600')

    // then a topic page, from the tags
    await topicLinks.first().click()
    await page.waitForURL(/\/topics\//)
    await expect(page.getByRole('heading', {level: 1}).textContent()).resolves.toBeTruthy()
    expect(await page.locator('.card-grid > li').count()).toBeGreaterThan(0)

    expect(errors).toEqual([])
    await page.close()
  })

  it('answers unknown URLs with a helpful 404', async () => {
    const page = await site.browser.newPage()
    for (const path of ['/no/such/page', '/articles/no-such-story', '/topics/ai/page/99', '/page/0', '/media/../../etc/passwd']) {
      const response = await page.goto(`${site.url}${path}`)
      expect({path, status: response?.status()}).toEqual({path, status: 404})
    }
    await page.goto(`${site.url}/articles/no-such-story`)
    await expect(page.getByRole('heading', {level: 1}).textContent()).resolves.toMatch(/can.t find/i)
    expect(await page.getByRole('link', {name: 'The latest stories'}).getAttribute('href')).toBe('/')
    await page.close()
  })

  it('never serves draft content to a reader', async () => {
    const html = await (await fetch(`${site.url}/`)).text()
    expect(html).not.toContain('Microsoft bars police from its facial recognition until Congress acts')
    expect(html).not.toContain('Inside the quantum roadmap')
    expect((await fetch(`${site.url}/articles/inside-the-quantum-roadmap`)).status).toBe(404)
  })
})
