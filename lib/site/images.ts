import {createImageUrlBuilder} from '@sanity/image-url'
import {env} from './env'
import type {Image} from './content/models/image'

/** `image-<id>-<width>x<height>-<ext>` is how Sanity names an image asset; the size is in the name. */
export function assetDimensions(assetRef: string): {width: number; height: number} {
  const [, , size] = assetRef.split('-')
  const [width, height] = size.split('x').map(Number)
  return {width, height}
}

/** The file name under which the embedded dataset keeps an asset, and /media serves it. */
export function assetFileName(assetRef: string): string {
  const [, id, size, ext] = assetRef.split('-')
  return `${id}-${size}.${ext}`
}

const builder = env.mode === 'hosted' ? createImageUrlBuilder({projectId: env.projectId!, dataset: env.dataset}) : undefined

type Rect = {left: number; top: number; width: number; height: number}

/** The part of the asset the editor's crop keeps, in pixels, rounded as @sanity/image-url rounds it. */
export function croppedRect(image: Image): Rect {
  const {width, height} = assetDimensions(image.assetRef)
  const crop = image.crop ?? {left: 0, top: 0, right: 0, bottom: 0}
  const left = Math.round(crop.left * width)
  const top = Math.round(crop.top * height)
  return {left, top, width: Math.round(width - crop.right * width - left), height: Math.round(height - crop.bottom * height - top)}
}

/**
 * What next/image shows and the size of its box: in hosted mode the editor's crop, cut by Sanity's CDN
 * (the loader adds only a width, so the shape stays the crop's); in embedded mode /media serves the file as stored.
 */
export function displayedImage(image: Image): {src: string; width: number; height: number} {
  if (!builder) return {src: `/media/${assetFileName(image.assetRef)}`, ...assetDimensions(image.assetRef)}
  const rect = croppedRect(image)
  // the same rectangle for the URL and the box, so the picture fills its box exactly
  const url = builder.image(image.assetRef).rect(rect.left, rect.top, rect.width, rect.height).auto('format').url()
  return {src: url, width: rect.width, height: rect.height}
}

/** A URL for the image honouring crop and hotspot, cut to a fixed size (social cards) or, without one, as shown on the page. */
export function imageSource(image: Image, crop?: {width: number; height: number}): string {
  if (!builder || !crop) return displayedImage(image).src
  const url = builder.image({asset: {_ref: image.assetRef}, crop: image.crop ?? undefined, hotspot: image.hotspot ?? undefined})
  return url.width(crop.width).height(crop.height).fit('crop').auto('format').url()
}
