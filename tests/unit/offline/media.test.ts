import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import type {Image} from '@/lib/site/content/models/image'
import {mediaAsset} from '@/lib/offline/media'
import {displayedImage, imageSource} from '@/lib/site/images'
import {quadrantAt, quadrantImage} from '../../support/quadrant-image'

// a 400×200 picture in four colours: which colour a pixel has says which part of the stored image was kept
const W = 400
const H = 200

let dir: string
let name: string
let stored: Buffer
let image: Image

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-media-'))
  const quadrants = await quadrantImage(W, H)
  stored = quadrants.png
  name = quadrants.fileName
  fs.writeFileSync(path.join(dir, name), stored)
  image = {assetRef: quadrants.assetRef, alt: 'Quadrants', caption: undefined, credit: undefined, lqip: undefined}
})
afterAll(() => fs.rmSync(dir, {recursive: true, force: true}))

/** What /media answers for a URL our image builder wrote, decoded. */
async function serve(url: string, accept: string | null = null) {
  const {pathname, searchParams} = new URL(url, 'http://site')
  const answer = await mediaAsset(dir, pathname.slice('/media/'.length), searchParams, accept)
  if (answer.status !== 200) throw new Error(`${answer.status}: ${answer.message}`)
  return {...answer, size: await sharp(answer.body).metadata()}
}

describe('/media applies the editor’s crop and hotspot as the image CDN does', () => {
  it('sends the stored bytes as they are when nothing is asked', async () => {
    const answer = await serve(`/media/${name}`)
    expect(answer.body.equals(stored)).toBe(true)
    expect(answer.contentType).toBe('image/png')
    expect(answer.varyOnAccept).toBe(false)
  })

  it('cuts the crop the page asks for: the top-right quadrant, in the box’s size', async () => {
    const page = displayedImage({...image, crop: {left: 0.5, right: 0, top: 0, bottom: 0.5}})
    const answer = await serve(page.src)
    expect({width: answer.size.width, height: answer.size.height}).toEqual({width: page.width, height: page.height})
    expect({width: page.width, height: page.height}).toEqual({width: 200, height: 100})
    for (const [x, y] of [
      [0, 0],
      [199, 0],
      [100, 50],
      [0, 99],
      [199, 99],
    ])
      expect(await quadrantAt(answer.body, x, y)).toBe('topRight')
  })

  it('scales the cut to a width, keeping its shape (what Next’s optimizer or a srcset entry asks)', async () => {
    const page = displayedImage({...image, crop: {left: 0, right: 0.5, top: 0.5, bottom: 0}})
    const answer = await serve(`${page.src}&w=100`)
    expect([answer.size.width, answer.size.height]).toEqual([100, 50])
    expect(await quadrantAt(answer.body, 50, 25)).toBe('bottomLeft')
  })

  it.each([
    // the right half is square; a 1200:630 cut of it keeps 105 of its 200 rows, around the hotspot
    [0.1, 'topRight', 'bottomRight', 'the top'],
    [0.9, 'bottomRight', 'topRight', 'the bottom'],
  ] as const)('cuts a 1200×630 card around a hotspot at y=%s: mostly %s, with a strip of %s at %s', async (y, most, strip, where) => {
    const card = {...image, crop: {left: 0.5, right: 0, top: 0, bottom: 0}, hotspot: {x: 0.75, y, width: 0.1, height: 0.1}}
    const answer = await serve(imageSource(card, {width: 1200, height: 630}))
    expect([answer.size.width, answer.size.height]).toEqual([1200, 630])
    expect(await quadrantAt(answer.body, 600, 315)).toBe(most)
    const edge = where === 'the top' ? 625 : 5
    expect(await quadrantAt(answer.body, 600, edge)).toBe(strip)
    // nothing from the left half, which the crop took away
    for (const x of [0, 1199]) expect(await quadrantAt(answer.body, x, 315)).toBe(most)
  })

  it('answers auto=format with WebP to a client that takes it, and says the answer varies with Accept', async () => {
    const answer = await serve(`/media/${name}?auto=format`, 'image/avif,image/webp,*/*')
    expect(answer.contentType).toBe('image/webp')
    expect(answer.size.format).toBe('webp')
    expect(answer.varyOnAccept).toBe(true)
    const plain = await serve(`/media/${name}?auto=format`)
    expect(plain.body.equals(stored)).toBe(true)
  })

  it('encodes to the fm asked for, at the quality asked for', async () => {
    const low = await serve(`/media/${name}?fm=jpg&q=10`)
    const high = await serve(`/media/${name}?fm=jpg&q=95`)
    expect([low.contentType, low.size.format]).toEqual(['image/jpeg', 'jpeg'])
    expect(low.body.length).toBeLessThan(high.body.length)
  })
})

describe('/media refuses what it cannot serve, before reading a file', () => {
  it.each([
    ['rect=300,0,101,10', 400, 'Bad image parameters: rect 300,0,101,10 lies outside the 400×200 image'],
    ['w=100000', 400, 'Bad image parameters: w must be a whole number from 1 to 4096'],
    ['dl=1', 400, 'Bad image parameters: unsupported parameter "dl" (supported: rect, w, h, fit, fm, auto, q)'],
  ])('%s: %i', async (query, status, message) => {
    expect(await mediaAsset(dir, name, new URLSearchParams(query), null)).toEqual({status, message})
    // checked against the size in the name: no file is read for a bad query
    const absent = `${'b'.repeat(40)}-${W}x${H}.png`
    expect(await mediaAsset(dir, absent, new URLSearchParams(query), null)).toEqual({status, message})
  })

  it('keeps the content-addressed name check: anything else, or a missing file, is a 404', async () => {
    for (const file of ['../../etc/passwd', 'photo.png', `${'a'.repeat(40)}-10x10.png`])
      expect(await mediaAsset(dir, file, new URLSearchParams(), null)).toEqual({status: 404, message: 'Not found'})
  })
})
