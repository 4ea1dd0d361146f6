import {describeInBrowser, useProductionSite} from '../support/e2e'
import {E2E_PREVIEW_SECRET} from '../support/production-server'

const MODEL = '/articles/microsoft-wont-sell-facial-recognition-to-police'
const PUBLISHED_HEADLINE = /^Microsoft won.t sell facial recognition to police/
const DRAFT_HEADLINE = 'Microsoft bars police from its facial recognition until Congress acts'
const DRAFT_ONLY_TITLE = 'Inside the quantum roadmap nobody has announced yet'
const DRAFT_ONLY = '/articles/inside-the-quantum-roadmap'

const enablePath = (secret: string, redirect = MODEL) =>
  `/api/draft-mode/enable?secret=${encodeURIComponent(secret)}&redirect=${encodeURIComponent(redirect)}`

describeInBrowser('draft preview on the production build', () => {
  const site = useProductionSite()

  describe('the enable route', () => {
    it('with the right secret: redirects to the page and sets the draft-mode cookie', async () => {
      const response = await fetch(site.url + enablePath(E2E_PREVIEW_SECRET), {redirect: 'manual'})
      expect(response.status).toBe(307)
      expect(response.headers.get('location')).toBe(MODEL)
      expect(response.headers.get('set-cookie')).toMatch(/__prerender_bypass=\w+/)
    })

    it.each([
      ['a wrong secret', enablePath('not-the-secret-at-all')],
      ['a secret that differs only at the end', enablePath(`${E2E_PREVIEW_SECRET.slice(0, -1)}x`)],
      ['no secret', `/api/draft-mode/enable?redirect=${encodeURIComponent(MODEL)}`],
    ])('with %s: 401 and no cookie', async (_label, path) => {
      const response = await fetch(site.url + path, {redirect: 'manual'})
      expect(response.status).toBe(401)
      expect(response.headers.get('set-cookie')).toBeNull()
    })

    it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/api/draft-mode/disable'])(
      'refuses the redirect target %s',
      async (target) => {
        const response = await fetch(site.url + enablePath(E2E_PREVIEW_SECRET, target), {redirect: 'manual'})
        expect(response.status).toBe(400)
        expect(response.headers.get('set-cookie')).toBeNull()
        expect(response.headers.get('location')).toBeNull()
      },
    )
  })

  it('shows drafts to the editor, never to anyone else, and exits in one click', async () => {
    const editor = await site.browser.newContext()
    const reader = await site.browser.newContext()
    const editorPage = await editor.newPage()
    const readerPage = await reader.newPage()

    const readerSees = async (path: string) => {
      const response = await readerPage.goto(site.url + path)
      const html = await readerPage.content()
      expect(html).not.toContain(DRAFT_HEADLINE)
      expect(html).not.toContain(DRAFT_ONLY_TITLE)
      return response
    }

    await readerSees(MODEL)

    // the editor follows the preview link
    const preview = await editorPage.goto(site.url + enablePath(E2E_PREVIEW_SECRET))
    expect(editorPage.url()).toBe(site.url + MODEL)
    expect(preview?.headers()['cache-control']).toMatch(/private|no-store/)
    expect(preview?.headers()['cache-control']).toContain('no-store')
    await expect(editorPage.getByRole('heading', {level: 1}).textContent()).resolves.toBe(DRAFT_HEADLINE)
    await expect(editorPage.getByRole('complementary', {name: 'Preview mode'}).textContent()).resolves.toMatch(/unpublished changes/)
    await expect(editorPage.locator('meta[name="robots"]').getAttribute('content')).resolves.toMatch(/noindex/)

    // the same URLs, requested by a reader in between, stay published
    expect((await readerSees(MODEL))?.status()).toBe(200)
    await expect(readerPage.getByRole('heading', {level: 1}).textContent()).resolves.toMatch(PUBLISHED_HEADLINE)

    // the draft-only article is in preview lists and reachable, and 404 for the reader
    await editorPage.goto(`${site.url}/`)
    await expect(editorPage.getByRole('link', {name: DRAFT_ONLY_TITLE}).count()).resolves.toBeGreaterThan(0)
    const draftOnly = await editorPage.goto(site.url + DRAFT_ONLY)
    expect(draftOnly?.status()).toBe(200)
    await expect(editorPage.getByRole('heading', {level: 1}).textContent()).resolves.toContain(DRAFT_ONLY_TITLE)
    expect((await readerSees(DRAFT_ONLY))?.status()).toBe(404)
    await readerSees('/')

    // the public RSC payload of the page carries no draft either
    const rsc = await fetch(site.url + MODEL, {headers: {RSC: '1'}})
    expect(await rsc.text()).not.toContain(DRAFT_HEADLINE)

    // one click out, back where the editor was
    await editorPage.goto(site.url + MODEL)
    await editorPage.getByRole('link', {name: 'Exit preview'}).click()
    await editorPage.waitForURL(site.url + MODEL)
    await expect(editorPage.getByRole('heading', {level: 1}).textContent()).resolves.toMatch(PUBLISHED_HEADLINE)
    expect(await editorPage.locator('.preview-banner').count()).toBe(0)

    await editor.close()
    await reader.close()
  })
})
