import fs from 'node:fs'
import {createPreviewSecret} from '@sanity/preview-url-secret/create-secret'
import type {Page} from 'playwright-core'
import sharp from 'sharp'
import {readDataset} from '@/lib/offline/store/store'
import {describeInBrowser, studioForm, useLakeSite} from '../support/e2e'
import {lakeClientAt} from '../support/lake'
import {E2E_PREVIEW_SECRET} from '../support/production-server'
import {copyDemoDataset, eventually} from '../support/temp-dataset'

const dataset = copyDemoDataset({writableImages: true})

describeInBrowser('offline authoring: the real Studio on the local Content Lake', () => {
  const {site, lake} = useLakeSite(dataset.file)
  afterAll(() => dataset.remove())

  const stamp = Date.now().toString(36)
  const title = `Written offline ${stamp}`
  const slug = `written-offline-${stamp}`
  const onDisk = () => readDataset(dataset.file)
  const article = () => onDisk().find((doc) => doc._type === 'article' && (doc.slug as {current?: string})?.current === slug)
  const pageText = async (path: string, cookie = '') => (await fetch(`${site.url}${path}`, {headers: {cookie}})).text()
  let studio: Page
  const lakeRequests: string[] = []

  it('opens the desk with the demo content: no login wall, no error screen, one listener stream', async () => {
    studio = await site.browser.newPage({viewport: {width: 1400, height: 1000}})
    studio.on('request', (request) => {
      if (request.url().startsWith(`${lake.url}/`)) lakeRequests.push(`${request.method()} ${request.url()}`)
    })
    await studio.goto(`${site.url}/studio/intent/create/template=article;type=article/`, {waitUntil: 'domcontentloaded'})
    await studioForm(studio, site.server)
    expect(await studio.getByText('An error occurred').count()).toBe(0)
    // the article list beside the new document shows the demo articles
    await studio.getByText('European Parliament passes the AI').first().waitFor()
    expect(lakeRequests.some((r) => r.includes('/users/me'))).toBe(true)
  })

  it('creates an article with a headline, body, an embedded quote and principle list, and an image, and publishes it', async () => {
    await studio.locator('#title').fill(title)
    await studio.getByRole('tab', {name: 'All fields'}).click()
    await studio.locator('[data-testid="field-slug"]').getByRole('button', {name: 'Generate'}).click()
    await studio.locator('#author').fill('Jane')
    await studio.locator('[data-ui="Popover"] [role=option]', {hasText: 'Jane Doe'}).first().click()

    await studio.locator('[data-testid="field-body"] [contenteditable="true"]').click()
    await studio.keyboard.type('Editors can now write with nothing but a clone.')
    await studio.locator('[data-testid="field-body"] [data-testid="quoteEmbed-insert-menu-button"]').first().click()
    await studio.locator('input[data-testid="autocomplete"]').last().fill('Brad')
    await studio.locator('[data-ui="Popover"] [role=option]', {hasText: 'Brad Smith'}).first().click()
    await studio.keyboard.press('Escape')
    await studio.locator('[data-testid="field-body"] [data-testid="insert-menu-button"]').first().click()
    await studio
      .getByRole('menuitem', {name: /Principle list/})
      .first()
      .click()
    await studio.locator('input[data-testid="autocomplete"]').last().fill('Microsoft')
    await studio.locator('[data-ui="Popover"] [role=option]', {hasText: 'six facial recognition principles'}).first().click()
    await studio.keyboard.press('Escape')

    const png = await sharp({create: {width: 1600, height: 900, channels: 3, background: {r: 20, g: 110, b: 140}}})
      .png()
      .toBuffer()
    await studio
      .locator('input[data-testid="file-button-input"]')
      .first()
      .setInputFiles({name: 'lake-hero.png', mimeType: 'image/png', buffer: png})
    await studio.locator('[id="mainImage.alt"]').fill('A teal test card')

    // publish once the draft is complete: the button enables when validation passes
    const draft = await eventually(
      async () => onDisk().find((doc) => doc._id.startsWith('drafts.') && doc.title === title),
      (doc) =>
        Boolean(doc?.author && (doc?.mainImage as {alt?: string})?.alt === 'A teal test card' && (doc?.body as unknown[])?.length >= 3),
    )
    expect(draft).toBeDefined()
    await studio.locator('[data-testid="action-publish"]:not([disabled])').click()
    const published = await eventually(
      async () => article(),
      (doc) => Boolean(doc && !doc._id.startsWith('drafts.')),
    )
    expect(published).toMatchObject({title, author: {_ref: 'author-jane-doe'}})
    const body = published!.body as {_type: string}[]
    expect(body.map((block) => block._type)).toEqual(['block', 'quoteEmbed', 'principleListEmbed'])

    // the uploaded image: an asset document in the dataset and its file beside it
    const assetId = (published!.mainImage as {asset: {_ref: string}}).asset._ref
    const asset = onDisk().find((doc) => doc._id === assetId)!
    expect(asset).toMatchObject({_type: 'sanity.imageAsset', metadata: {dimensions: {width: 1600, height: 900}}})
    expect(fs.existsSync(`${dataset.images}/${asset.sha1hash}-1600x900.png`)).toBe(true)
    expect(onDisk().some((doc) => doc._id === `drafts.${published!._id}`)).toBe(false)
  })

  it('shows the published article on the home page and its own page', async () => {
    const home = await eventually(
      () => pageText('/'),
      (html) => html.includes(title),
    )
    expect(home).toContain(title)
    const page = await pageText(`/articles/${slug}`)
    expect(page).toContain('Editors can now write with nothing but a clone.')
    expect(page).toContain('Brad Smith')
    expect(page).toMatch(/six facial recognition principles/i)
    expect(page).toContain('A teal test card')
  })

  it('keeps an unpublished headline edit out of the public site and shows it in preview', async () => {
    const edited = `${title}, revised`
    await studio.locator('#title').fill(edited)
    await eventually(async () => onDisk().find((doc) => doc._id.startsWith('drafts.') && doc.title === edited), Boolean)

    const context = await site.browser.newContext()
    const preview = await context.newPage()
    await preview.goto(`${site.url}/api/draft-mode/enable?secret=${E2E_PREVIEW_SECRET}&redirect=/articles/${slug}`)
    expect(await preview.locator('h1').textContent()).toBe(edited)
    await context.close()

    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect(await pageText(`/articles/${slug}`)).not.toContain(edited)
    expect(await pageText('/')).not.toContain(edited)
  })

  it('lets the Presentation tool open preview with a secret it stores in the lake, kept out of the file', async () => {
    const client = lakeClientAt(lake.url, lake.token)
    const {secret} = await createPreviewSecret(client, 'e2e', `${site.url}/studio`, 'local-editor')
    const enable = (given: string) =>
      fetch(`${site.url}/api/draft-mode/enable?sanity-preview-secret=${given}&sanity-preview-pathname=/articles/${slug}`, {
        redirect: 'manual',
      })
    const refused = await enable('not-the-secret')
    expect(refused.status).toBe(401)
    expect(refused.headers.get('set-cookie') ?? '').not.toContain('__prerender_bypass')
    const accepted = await enable(secret)
    expect(accepted.status).toBe(307)
    expect(accepted.headers.get('location')).toContain(`/articles/${slug}`)
    const cookie = accepted.headers.get('set-cookie')!
    expect(cookie).toContain('__prerender_bypass')
    expect(await pageText(`/articles/${slug}`, cookie.split(';')[0])).toContain(`${title}, revised`)
    expect(fs.readFileSync(dataset.file, 'utf8')).not.toContain('sanity.previewUrlSecret')
  })

  it('refuses requests without the token and changes nothing', async () => {
    const before = fs.readFileSync(dataset.file)
    const response = await fetch(`${lake.url}/v2025-10-01/data/mutate/production`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({mutations: [{delete: {id: 'article-raspberry-pi-5'}}]}),
    })
    expect(response.status).toBe(401)
    expect(fs.readFileSync(dataset.file).equals(before)).toBe(true)
    // and the Studio's whole session went over one listener stream
    expect(lakeRequests.filter((r) => r.startsWith('GET') && r.includes('/broadsheet/listen/')).length).toBe(1)
    expect(lakeRequests.filter((r) => r.includes('/data/listen/'))).toEqual([])
    await studio.close()
  })
})
