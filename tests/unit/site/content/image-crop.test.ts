import {cleanBody} from '@/lib/site/content/models/body'
import {Image} from '@/lib/site/content/models/image'
import {parseImageParams} from '@/lib/site/image-params'
import {displayedImage} from '@/lib/site/images'

const stored = {
  assetRef: 'image-0123456789abcdef0123456789abcdef01234567-2000x1000-jpg',
  alt: 'A photo',
  hotspot: {x: 0.5, y: 0.5, width: 0.1, height: 0.1},
}

let warn: jest.SpyInstance
beforeEach(() => (warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)))
afterEach(() => warn.mockRestore())

describe('an image’s crop, as content', () => {
  it('keeps a crop that leaves a picture', () => {
    const crop = {left: 0.1, right: 0.5, top: 0.25, bottom: 0.05}
    expect(Image.parse({...stored, crop}).crop).toEqual(crop)
    expect(warn).not.toHaveBeenCalled()
  })

  it.each([
    ['left and right overlap', {left: 0.6, right: 0.6, top: 0, bottom: 0}],
    ['a fraction below 0', {left: -0.2, right: 0, top: 0, bottom: 0}],
    ['a fraction above 1', {left: 0, right: 0, top: 1.5, bottom: 0}],
    ['less than 2 pixels left', {left: 0, right: 0, top: 0.4995, bottom: 0.4995}],
  ])('drops a crop with %s, logs it, and shows the whole image (a URL /media answers)', (_, crop) => {
    const image = Image.parse({...stored, crop})
    expect(image.crop).toBeNull()
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[content\] dropped image\.crop .*leaves nothing of the 2000×1000 image/))
    const {src, width, height} = displayedImage(image)
    expect({width, height}).toEqual({width: 2000, height: 1000})
    expect(parseImageParams(new URL(src, 'http://site').searchParams, {width: 2000, height: 1000}).ok).toBe(true)
  })

  it('does the same for an image in an article’s body', () => {
    const [block] = cleanBody('article-x', [{...stored, _type: 'image', _key: 'k', crop: {left: 0.7, right: 0.7, top: 0, bottom: 0}}])
    expect(block).toMatchObject({_type: 'image', crop: null})
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[content] dropped image.crop in document article-x'))
  })
})
