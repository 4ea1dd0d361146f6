import fs from 'node:fs'
import path from 'node:path'
import {createImageUrlBuilder} from '@sanity/image-url'
import sharp from 'sharp'
import {demoDocuments, MODEL_ARTICLE_SLUG, ofType, slugOf} from '../support/demo'
import {describeInBrowser, useProductionSite} from '../support/e2e'
import {quadrantAt, quadrantImage} from '../support/quadrant-image'
import {demoDatasetWith, type TempDataset} from '../support/temp-dataset'

// A story whose hero is a 1600×900 picture in four colours, cropped to its right half (800×900) by the editor, with
// the hotspot a little below the middle: the page, every srcset width and the social card must show that crop.
const SLUG = 'a-cropped-hero'
const CROP = {left: 0.5, right: 0, top: 0, bottom: 0}
const HOTSPOT = {x: 0.75, y: 0.55, width: 0.1, height: 0.1}
const CARD = {width: 1200, height: 630}

const attribute = (html: string, pattern: RegExp) => pattern.exec(html)?.[1]?.replaceAll('&amp;', '&')

describeInBrowser('an editor’s crop and hotspot in embedded mode, on the production build', () => {
  let dataset: TempDataset
  let hero: Awaited<ReturnType<typeof quadrantImage>>
  // before the server starts (hooks run in order): the story is new, so no page of it was pre-rendered at build
  beforeAll(async () => {
    hero = await quadrantImage(1600, 900)
    const model = ofType(demoDocuments(), 'article').find((doc) => slugOf(doc) === MODEL_ARTICLE_SLUG)!
    const story = {
      ...model,
      _id: 'article-cropped-hero',
      title: 'A story with a cropped hero',
      slug: {_type: 'slug', current: SLUG},
      mainImage: {
        _type: 'image',
        asset: {_type: 'reference', _ref: hero.assetRef},
        alt: 'Four colours, cropped',
        crop: CROP,
        hotspot: HOTSPOT,
      },
    }
    dataset = demoDatasetWith([story], {images: 'copy'})
    fs.writeFileSync(path.join(dataset.images, hero.fileName), hero.png)
  })
  const site = useProductionSite(async () => ({BROADSHEET_DATASET_FILE: dataset.file}))
  afterAll(() => dataset?.remove())

  const get = (url: string, init?: RequestInit) => fetch(new URL(url, site.url), init)
  const decoded = async (url: string) => {
    const response = await get(url)
    expect({url, status: response.status}).toEqual({url, status: 200})
    const body = Buffer.from(await response.arrayBuffer())
    return {response, body, size: await sharp(body).metadata()}
  }

  it('gives the hero the crop’s box, and Chromium shows the cropped picture in it', async () => {
    const page = await site.browser.newPage()
    expect((await page.goto(`${site.url}/articles/${SLUG}`))?.status()).toBe(200)
    const img = page.locator('.hero img')
    expect([await img.getAttribute('width'), await img.getAttribute('height')]).toEqual(['800', '900'])
    const natural = await img.evaluate((el: HTMLImageElement) => el.decode().then(() => [el.naturalWidth, el.naturalHeight]))
    expect(natural[0] / natural[1]).toBeCloseTo(800 / 900, 2)
    expect(decodeURIComponent(await img.evaluate((el: HTMLImageElement) => el.currentSrc))).toContain('rect=800,0,800,900')
    await page.close()
  })

  it('serves cropped pixels at every srcset width: the right half only, top and bottom where they belong', async () => {
    const page = await site.browser.newPage()
    await page.goto(`${site.url}/articles/${SLUG}`)
    const srcset = (await page.locator('.hero img').getAttribute('srcset'))!
    await page.close()
    const entries = srcset.split(', ').map((entry) => {
      const [url, descriptor] = entry.split(' ')
      return {url, width: Number(descriptor.slice(0, -1))}
    })
    expect(entries.length).toBeGreaterThan(3)
    for (const {url, width} of entries) {
      const {body, size} = await decoded(url)
      // Next's optimizer never enlarges: wider entries get the crop's own 800 pixels
      expect({url, width: size.width}).toEqual({url, width: Math.min(width, 800)})
      expect(size.height! / size.width!).toBeCloseTo(900 / 800, 2)
      const [w, h] = [size.width!, size.height!]
      for (const x of [0, w / 2, w - 1]) {
        expect(await quadrantAt(body, x, h * 0.25)).toBe('topRight')
        expect(await quadrantAt(body, x, h * 0.75)).toBe('bottomRight')
      }
    }
  })

  it('cuts the og:image to 1200×630 around the hotspot, as Sanity’s CDN would', async () => {
    const html = await (await get(`/articles/${SLUG}`)).text()
    const ogImage = attribute(html, /<meta property="og:image" content="([^"]+)"/)!
    expect(attribute(html, /<meta property="og:image:width" content="(\d+)"/)).toBe('1200')
    expect(attribute(html, /<meta property="og:image:height" content="(\d+)"/)).toBe('630')
    const url = new URL(ogImage)
    const {body, size} = await decoded(url.pathname + url.search)
    expect([size.width, size.height]).toEqual([CARD.width, CARD.height])
    // where the stored picture's middle row lands in the card, by the CDN's own rectangle for this crop and hotspot
    const reference = createImageUrlBuilder({projectId: 'reference', dataset: 'production'})
      .image({asset: {_ref: hero.assetRef}, crop: CROP, hotspot: HOTSPOT})
      .width(CARD.width)
      .height(CARD.height)
      .fit('crop')
      .url()
    const [, top, , height] = new URL(reference).searchParams.get('rect')!.split(',').map(Number)
    const middle = ((450 - top) / height) * CARD.height
    // centred on the crop instead of the hotspot, that row would sit at the card's middle: the hotspot moved it
    expect(Math.abs(middle - CARD.height / 2)).toBeGreaterThan(40)
    for (const x of [0, 600, 1199]) {
      expect(await quadrantAt(body, x, middle - 20)).toBe('topRight')
      expect(await quadrantAt(body, x, middle + 20)).toBe('bottomRight')
    }
  })

  it('gives JSON-LD the cropped picture', async () => {
    const html = await (await get(`/articles/${SLUG}`)).text()
    const graph = [...html.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].flatMap((m) => JSON.parse(m[1]))
    const url = new URL(graph.find((node) => node['@type'] === 'NewsArticle').image[0])
    const {body, size} = await decoded(url.pathname + url.search)
    expect([size.width, size.height]).toEqual([800, 900])
    expect([await quadrantAt(body, 400, 200), await quadrantAt(body, 400, 700)]).toEqual(['topRight', 'bottomRight'])
  })

  it('answers /media with the crop applied, cached for good, and a bad parameter with a 400 naming it', async () => {
    const cut = await decoded(`/media/${hero.fileName}?rect=800,0,800,900`)
    expect([cut.size.width, cut.size.height]).toEqual([800, 900])
    expect(cut.response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const bad = await get(`/media/${hero.fileName}?rect=800,0,801,900`)
    expect(bad.status).toBe(400)
    await expect(bad.text()).resolves.toBe('Bad image parameters: rect 800,0,801,900 lies outside the 1600×900 image')
    expect((await get(`/media/${hero.fileName}?w=5000`)).status).toBe(400)
  })
})
