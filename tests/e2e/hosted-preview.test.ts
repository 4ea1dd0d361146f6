import fs from 'node:fs'
import {startFakeContentLake} from '../support/fake-content-lake'
import {describeInBrowser, useProductionSite} from '../support/e2e'
import {copyDemoDataset, eventually} from '../support/temp-dataset'

const TOKEN = 'sk-e2e-read-token-0123456789abcdef'
const STUDIO_SECRET = 'studio-made-secret-0123456789'
const MODEL = '/articles/microsoft-wont-sell-facial-recognition-to-police'
const DRAFT_HEADLINE = 'Microsoft bars police from its facial recognition until Congress acts'

describeInBrowser('draft preview against a hosted Content Lake (a local stand-in)', () => {
  const dataset = copyDemoDataset()
  // the secret the Studio's Presentation tool writes to the dataset before it opens a preview
  fs.appendFileSync(
    dataset.file,
    `${JSON.stringify({
      _id: 'sanity-preview-url-secret.e2e',
      _type: 'sanity.previewUrlSecret',
      secret: STUDIO_SECRET,
      studioUrl: '/studio',
      _createdAt: new Date().toISOString(),
      _updatedAt: new Date().toISOString(),
    })}\n`,
  )
  let lake: Awaited<ReturnType<typeof startFakeContentLake>>
  const env: Record<string, string> = {}
  beforeAll(async () => {
    lake = await startFakeContentLake(dataset.file)
    Object.assign(env, {
      NEXT_PUBLIC_SANITY_PROJECT_ID: 'e2e-hosted',
      NEXT_PUBLIC_SANITY_DATASET: 'production',
      SANITY_API_HOST: lake.url,
      SANITY_API_READ_TOKEN: TOKEN,
    })
  })
  const site = useProductionSite(env)
  afterAll(async () => {
    await lake?.close()
    dataset.remove()
  })

  const enable = (secret: string) =>
    fetch(`${site.url}/api/draft-mode/enable?sanity-preview-secret=${secret}&sanity-preview-pathname=${encodeURIComponent(MODEL)}`, {
      redirect: 'manual',
    })

  it('refuses a secret the Studio did not create', async () => {
    const response = await enable('not-a-studio-secret-000000')
    expect(response.status).toBe(401)
    expect(response.headers.get('set-cookie') ?? '').not.toContain('__prerender_bypass')
  })

  it('sends perspective=drafts and the token only in draft mode', async () => {
    const response = await enable(STUDIO_SECRET)
    expect(response.status).toBe(307)
    expect(response.headers.get('location')).toContain(MODEL)
    const cookie = (response.headers.get('set-cookie') ?? '').match(/__prerender_bypass=[^;]+/)?.[0]
    expect(cookie).toBeTruthy()

    lake.requests.length = 0
    const draft = await (await fetch(site.url + MODEL, {headers: {cookie: cookie!}})).text()
    expect(draft).toContain(DRAFT_HEADLINE)
    // the page's content comes from the drafts perspective, with the token; metadata and JSON-LD stay
    // published, and those requests carry no token
    const drafts = lake.requests.filter((r) => r.perspective === 'drafts')
    expect(drafts.some((r) => r.query.includes('slug.current == $slug'))).toBe(true)
    drafts.forEach((r) => expect(r.authorization).toBe(`Bearer ${TOKEN}`))
    lake.requests.filter((r) => r.perspective !== 'drafts').forEach((r) => expect(r.authorization).toBeUndefined())

    // a reader's uncached request (search renders per request) goes out published and without the token
    lake.requests.length = 0
    const search = await (await fetch(`${site.url}/search?q=microsoft+police`)).text()
    expect(search).not.toContain(DRAFT_HEADLINE)
    expect(lake.requests.length).toBeGreaterThan(0)
    lake.requests.forEach((r) => {
      expect(r.perspective).toBe('published')
      expect(r.authorization).toBeUndefined()
    })

    // and the cached public page never picked up the draft
    expect(await (await fetch(site.url + MODEL)).text()).not.toContain(DRAFT_HEADLINE)
  })

  it('keeps the runtime and mounts <VisualEditing/> in draft mode only; readers get the page without scripts', async () => {
    const response = await enable(STUDIO_SECRET)
    const cookie = (response.headers.get('set-cookie') ?? '').match(/__prerender_bypass=[^;]+/)![0]
    const draft = await fetch(site.url + MODEL, {headers: {cookie}})
    const html = await draft.text()
    // the client reference to the preview tools (Visual Editing, the change stream), in the inlined RSC payload
    expect(html).toContain('self.__next_f')
    expect(html).toContain('\\"PreviewTools\\"')
    expect(html).toContain('data-sanity=')
    expect(draft.headers.get('content-security-policy')).not.toMatch(/script-src/)

    const reader = await fetch(site.url + MODEL)
    const published = await reader.text()
    expect(published).not.toContain('PreviewTools')
    expect(published).not.toContain('data-sanity')
    expect(published).not.toMatch(/<script(?![^>]*application\/ld\+json)/)
    // hosted images come from Sanity's CDN, which the reader policy allows
    expect(reader.headers.get('content-security-policy')).toMatch(/script-src 'none'.*img-src 'self' data: blob: https:\/\/cdn\.sanity\.io/)
  })

  it('maps click-to-edit to the hosted project’s documents, and shows a draft change without a reload', async () => {
    const page = await site.browser.newPage()
    await page.goto(
      `${site.url}/api/draft-mode/enable?sanity-preview-secret=${STUDIO_SECRET}&sanity-preview-pathname=${encodeURIComponent(MODEL)}`,
    )
    expect(await page.locator('h1').innerText()).toBe(DRAFT_HEADLINE)
    const editOf = async (selector: string) =>
      Object.fromEntries(
        ((await page.locator(selector).first().getAttribute('data-sanity')) ?? '').split(';').map((part) => part.split('=')),
      ) as Record<string, string>
    expect(await editOf('h1')).toMatchObject({id: 'article-facial-recognition-police', type: 'article', path: 'title'})
    expect(await editOf('.principles li strong')).toMatchObject({id: 'principles-microsoft-facial-recognition', type: 'principleList'})
    expect((await editOf('.principles li strong')).path).toMatch(/^principles:[\w-]+\.title$/)
    expect(await editOf('.quote blockquote p')).toMatchObject({type: 'quote', path: 'text'})
    expect(await editOf('h1')).toMatchObject({base: encodeURIComponent('/studio')})

    // the page listens on its own origin; the server reads the Live Content API with drafts, with its token
    await eventually(
      async () => lake.liveStreams(),
      (open) => open > 0,
    )
    const live = lake.requests.filter((r) => r.path.includes('/data/live/events/'))
    expect(live.length).toBeGreaterThan(0)
    live.forEach((r) => expect(r.authorization).toBe(`Bearer ${TOKEN}`))

    await page.evaluate(() => Object.assign(window, {__sameDocument: true}))
    const edited = `${DRAFT_HEADLINE}, edited in the Studio`
    dataset.edit((doc) => (doc._id === 'drafts.article-facial-recognition-police' ? {...doc, title: edited} : doc))
    lake.reload()
    expect(
      await eventually(
        () => page.locator('h1').innerText(),
        (text) => text === edited,
      ),
    ).toBe(edited)
    expect(await page.evaluate(() => (window as {__sameDocument?: boolean}).__sameDocument)).toBe(true)
    await page.close()
  })
})
