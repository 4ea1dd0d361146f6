import {createImageUrlBuilder} from '@sanity/image-url'
import type {Image} from '@/lib/site/content/models/image'
import {MAX_SIDE, parseImageParams} from '@/lib/site/image-params'
import {displayedImage, imageSource} from '@/lib/site/images'

// these tests run in embedded mode (no project configured): /media gets what Sanity's CDN would get
const FILE = '0123456789abcdef0123456789abcdef01234567-2000x1000.jpg'
const base: Image = {
  assetRef: 'image-0123456789abcdef0123456789abcdef01234567-2000x1000-jpg',
  alt: 'A photo',
  caption: undefined,
  credit: undefined,
  lqip: undefined,
}
/** Sanity's own builder, as hosted mode uses it: the reference for what each crop and hotspot should become. */
const sanity = createImageUrlBuilder({projectId: 'reference', dataset: 'production'})
const sanityUrl = (image: Image, size?: {width: number; height: number}) => {
  const chain = sanity.image({asset: {_ref: image.assetRef}, crop: image.crop ?? undefined, hotspot: image.hotspot ?? undefined})
  return new URL((size ? chain.width(size.width).height(size.height).fit('crop') : chain).auto('format').url())
}
const STORED = {width: 2000, height: 1000}

const CASES: [string, Pick<Image, 'crop' | 'hotspot'>][] = [
  ['no crop', {crop: null, hotspot: null}],
  [
    'a tall crop, hotspot low',
    {crop: {left: 0.1, right: 0.5, top: 0.25, bottom: 0.05}, hotspot: {x: 0.3, y: 0.6, width: 0.2, height: 0.2}},
  ],
  ['a wide crop, hotspot right', {crop: {left: 0, right: 0, top: 0.3, bottom: 0.3}, hotspot: {x: 0.8, y: 0.5, width: 0.1, height: 0.1}}],
  [
    'a hotspot at the edge (clamped inside the crop)',
    {crop: {left: 0.2, right: 0.2, top: 0, bottom: 0}, hotspot: {x: 0.99, y: 0.01, width: 0.02, height: 0.02}},
  ],
  ['a hotspot only', {crop: null, hotspot: {x: 0.1, y: 0.9, width: 0.1, height: 0.1}}],
]

describe('the embedded image URLs: @sanity/image-url’s own parameters, on /media', () => {
  it.each(CASES)('%s: the page’s picture asks /media for the CDN’s rectangle, and its box is that rectangle', (_, cut) => {
    const image = {...base, ...cut}
    const {src, width, height} = displayedImage(image)
    const url = new URL(src, 'http://site')
    expect(url.pathname).toBe(`/media/${FILE}`)
    expect(url.search).toBe(sanityUrl(image).search)
    const parsed = parseImageParams(url.searchParams, STORED)
    if (!parsed.ok) throw new Error(parsed.error)
    expect({width, height}).toEqual(parsed.params.output)
    const rect = sanityUrl(image).searchParams.get('rect')
    expect(rect ? rect.split(',').map(Number).slice(2) : [2000, 1000]).toEqual([width, height])
  })

  it.each(CASES)('%s: the 1200×630 social card asks for the CDN’s hotspot-centred rectangle and size', (_, cut) => {
    const image = {...base, ...cut}
    const url = new URL(imageSource(image, {width: 1200, height: 630}), 'http://site')
    const reference = sanityUrl(image, {width: 1200, height: 630})
    expect(url.search).toBe(reference.search)
    const parsed = parseImageParams(url.searchParams, STORED)
    if (!parsed.ok) throw new Error(parsed.error)
    const [left, top, w, h] = reference.searchParams.get('rect')!.split(',').map(Number)
    expect(parsed.params).toMatchObject({rect: {left, top, width: w, height: h}, output: {width: 1200, height: 630}, cover: true})
  })

  it('keeps the rectangle centred on the hotspot where the crop allows', () => {
    // 2000×1000 with no crop, hotspot at x=0.5: a 1200:630 cut of the full height is 1905 wide, centred at 1000
    const url = new URL(imageSource({...base, hotspot: {x: 0.5, y: 0.5, width: 0.1, height: 0.1}}, {width: 1200, height: 630}), 'http://s')
    expect(url.searchParams.get('rect')).toBe('48,0,1905,1000')
  })
})

describe('parseImageParams: every parameter checked', () => {
  const parse = (query: string) => parseImageParams(new URLSearchParams(query), STORED)
  const error = (query: string) => {
    const result = parse(query)
    return result.ok ? undefined : result.error
  }

  it('reads the parameters the builder writes', () => {
    expect(parse('rect=200,250,800,700&w=400&auto=format&q=60')).toEqual({
      ok: true,
      params: {
        rect: {left: 200, top: 250, width: 800, height: 700},
        output: {width: 400, height: 350},
        cover: false,
        autoFormat: true,
        quality: 60,
      },
    })
  })

  it('with no parameters, is the whole stored picture', () => {
    expect(parse('')).toEqual({ok: true, params: {rect: {left: 0, top: 0, ...STORED}, output: STORED, cover: false, autoFormat: false}})
  })

  it('fits inside both sides by default (clip), never enlarges with max, and cuts to both with crop', () => {
    const output = (query: string) => {
      const result = parse(query)
      return result.ok ? result.params.output : result.error
    }
    expect(output('w=500&h=500')).toEqual({width: 500, height: 250})
    expect(output('w=4000&fit=max')).toEqual({width: 2000, height: 1000})
    expect(output('w=4000&fit=clip')).toEqual({width: 4000, height: 2000})
    expect(output('h=100')).toEqual({width: 200, height: 100})
    expect(output('w=300&h=300&fit=crop')).toEqual({width: 300, height: 300})
    // one side only: crop has nothing to cut to, so it scales
    expect(output('w=300&fit=crop')).toEqual({width: 300, height: 150})
    expect(parse('fm=pjpg')).toMatchObject({ok: true, params: {format: 'jpg'}})
  })

  it.each([
    ['blur=50', 'unsupported parameter "blur"'],
    ['w=10&w=20', '"w" given more than once'],
    ['rect=1,2,3', 'rect must be left,top,width,height'],
    ['rect=-1,0,10,10', 'rect must be left,top,width,height'],
    ['rect=0,0,0,10', 'at least 1×1'],
    ['rect=1500,0,501,1000', 'outside the 2000×1000 image'],
    ['rect=0,900,10,101', 'outside the 2000×1000 image'],
    ['w=0', 'w must be a whole number from 1 to 4096'],
    ['w=1.5', 'w must be'],
    ['h=4097', 'h must be a whole number from 1 to 4096'],
    ['w=', 'w must be'],
    ['w=1e3', 'w must be'],
    ['fit=fill', 'fit must be one of crop, clip, max'],
    ['fm=gif', 'fm must be one of jpg, pjpg, png, webp'],
    ['auto=compress', 'auto must be "format"'],
    ['q=101', 'q must be a whole number from 0 to 100'],
    ['q=high', 'q must be'],
    // one side within bounds, the other following from the shape past them: a resize bomb
    ['rect=0,0,1,1000&w=4096', 'larger than 4096 pixels a side'],
  ])('%s is refused: %s', (query, message) => {
    expect(error(query)).toContain(message)
  })

  it('bounds the output at MAX_SIDE a side, whatever the parameters', () => {
    expect(MAX_SIDE).toBe(4096)
    expect(parse(`w=${MAX_SIDE}&h=${MAX_SIDE}&fit=crop`).ok).toBe(true)
  })
})
