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

const builder =
  env.mode === 'hosted' ? createImageUrlBuilder({projectId: env.projectId!, dataset: env.dataset}) : undefined

/**
 * A URL for the image honouring crop and hotspot. Width is left to next/image's loader
 * (lib/image-loader.ts), which picks it per `sizes` breakpoint.
 */
export function imageSource(image: Image, crop?: {width: number; height: number}): string {
  if (!builder) return `/media/${assetFileName(image.assetRef)}`
  let url = builder.image({asset: {_ref: image.assetRef}, crop: image.crop ?? undefined, hotspot: image.hotspot ?? undefined})
  if (crop) url = url.width(crop.width).height(crop.height).fit('crop')
  return url.auto('format').url()
}
