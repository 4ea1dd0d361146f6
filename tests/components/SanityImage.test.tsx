import type {Image} from '@/lib/site/content/models/image'

/** 2000×1000 as stored; the editor's crop keeps x 200–1000 and y 250–950, an 800×700 picture. */
const cropped: Image = {
  assetRef: 'image-0123456789abcdef0123456789abcdef01234567-2000x1000-jpg',
  alt: 'A cropped photo',
  caption: undefined,
  credit: undefined,
  lqip: undefined,
  crop: {left: 0.1, right: 0.5, top: 0.25, bottom: 0.05},
  hotspot: {x: 0.3, y: 0.6, width: 0.2, height: 0.2},
}
const CROP_ASPECT = 800 / 700

type Modules = {
  render: typeof import('@testing-library/react').render
  screen: typeof import('@testing-library/react').screen
  SanityImage: typeof import('@/components/media/SanityImage').SanityImage
  imageLoader: typeof import('@/lib/site/image-loader').default
}

/** Loads the component with the environment of one mode: lib/site/env reads it once, on import (React too, so there is one copy). */
function inMode(vars: Record<string, string | undefined>): Modules {
  const saved = {...process.env}
  Object.assign(process.env, vars)
  let modules: Modules | undefined
  jest.isolateModules(() => {
    const {render, screen} = require('@testing-library/react')
    modules = {
      render,
      screen,
      SanityImage: require('@/components/media/SanityImage').SanityImage,
      imageLoader: require('@/lib/site/image-loader').default,
    }
  })
  process.env = saved
  return modules!
}

const intrinsicSize = (img: HTMLElement) => ({width: Number(img.getAttribute('width')), height: Number(img.getAttribute('height'))})

describe('SanityImage with an editor’s crop, in hosted mode (Sanity’s CDN cuts the crop)', () => {
  const {render, screen, SanityImage, imageLoader} = inMode({
    NEXT_PUBLIC_SANITY_PROJECT_ID: 'broadsheet-test',
    NEXT_PUBLIC_SANITY_DATASET: 'production',
  })

  it('gives the box the cropped picture’s shape, not the stored asset’s', () => {
    render(<SanityImage image={cropped} sizes="100vw" />)
    const {width, height} = intrinsicSize(screen.getByRole('img', {name: 'A cropped photo'}))
    expect(width / height).toBeCloseTo(CROP_ASPECT, 3)
    expect({width, height}).toEqual({width: 800, height: 700})
  })

  it('asks the CDN for exactly that rectangle, at every width the loader picks', () => {
    render(<SanityImage image={cropped} sizes="100vw" />)
    const src = new URL(screen.getByRole('img', {name: 'A cropped photo'}).getAttribute('src')!, 'http://localhost')
    const original = src.origin === 'https://cdn.sanity.io' ? src : new URL(src.searchParams.get('url')!)
    expect(original.searchParams.get('rect')).toBe('200,250,800,700')
    for (const width of [640, 1080, 2048]) {
      const url = new URL(imageLoader({src: original.toString(), width}))
      expect(url.searchParams.get('rect')).toBe('200,250,800,700')
      expect(url.searchParams.get('w')).toBe(String(width))
      expect(url.searchParams.has('h')).toBe(false) // the height follows from the rectangle's shape
    }
  })

  it('keeps the stored shape for an uncropped image, and asks for no rectangle', () => {
    render(<SanityImage image={{...cropped, crop: null, hotspot: null}} sizes="100vw" />)
    const img = screen.getByRole('img', {name: 'A cropped photo'})
    expect(intrinsicSize(img)).toEqual({width: 2000, height: 1000})
    expect(img.getAttribute('src')).not.toContain('rect')
  })
})

describe('SanityImage in embedded mode (/media cuts the crop, Next’s optimizer scales it)', () => {
  const {render, screen, SanityImage} = inMode({NEXT_PUBLIC_SANITY_PROJECT_ID: undefined})

  it('gives the box the cropped picture’s shape, and asks /media for that rectangle at every srcset width', () => {
    render(<SanityImage image={cropped} sizes="100vw" />)
    const img = screen.getByRole('img', {name: 'A cropped photo'})
    expect(intrinsicSize(img)).toEqual({width: 800, height: 700})
    const entries = img.getAttribute('srcset')!.split(', ')
    expect(entries.length).toBeGreaterThan(3)
    for (const entry of entries) {
      const optimizer = new URL(entry.split(' ')[0], 'http://localhost')
      const media = new URL(optimizer.searchParams.get('url')!, 'http://localhost')
      expect(media.pathname).toBe('/media/0123456789abcdef0123456789abcdef01234567-2000x1000.jpg')
      expect(media.searchParams.get('rect')).toBe('200,250,800,700')
    }
  })

  it('keeps the stored shape for an uncropped image, and asks for no rectangle', () => {
    render(<SanityImage image={{...cropped, crop: null, hotspot: null}} sizes="100vw" />)
    const img = screen.getByRole('img', {name: 'A cropped photo'})
    expect(intrinsicSize(img)).toEqual({width: 2000, height: 1000})
    expect(img.getAttribute('src')).not.toContain('rect')
  })
})
