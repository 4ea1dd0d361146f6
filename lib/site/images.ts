import {createImageUrlBuilder} from '@sanity/image-url'
import {env} from './env'
import type {Image} from './content/models/image'
import {assetDimensions, parseRect, type Size} from './image-params'

/** The file name under which the embedded dataset keeps an asset, and /media serves it. */
export function assetFileName(assetRef: string): string {
  const [, id, size, ext] = assetRef.split('-')
  return `${id}-${size}.${ext}`
}

// One builder in both modes, so crop and hotspot become the same parameters; in embedded mode only the address is
// ours (/media applies them with sharp), and the placeholder project never leaves this file.
const builder = createImageUrlBuilder(
  env.mode === 'hosted' ? {projectId: env.projectId!, dataset: env.dataset} : {projectId: 'embedded', dataset: 'embedded'},
)

/** The builder's URL for this mode: Sanity's CDN as built, or /media/<file> with the same parameters. */
function modeUrl(built: string, image: Image): string {
  if (env.mode === 'hosted') return built
  return `/media/${assetFileName(image.assetRef)}${new URL(built).search}`
}

// Sanity's CDN picks WebP/AVIF by `auto=format`; in embedded mode Next's optimizer does that, so /media gets only the cut
const withCrop = (image: Image) => {
  const url = builder.image({asset: {_ref: image.assetRef}, crop: image.crop ?? undefined, hotspot: image.hotspot ?? undefined})
  return env.mode === 'hosted' ? url.auto('format') : url
}

/**
 * What next/image shows and the size of its box: the editor's crop, cut by Sanity's CDN or by /media (the loader
 * adds only a width, so the shape stays the crop's).
 */
export function displayedImage(image: Image): {src: string; width: number; height: number} {
  const built = withCrop(image).url()
  // the box is the rectangle the URL asks for (none: the whole asset), so the picture fills it exactly
  const rect = parseRect(new URL(built).searchParams.get('rect') ?? '')
  const {width, height} = rect ?? assetDimensions(image.assetRef)
  return {src: modeUrl(built, image), width, height}
}

/** A URL for the image honouring crop and hotspot, cut to a fixed size (social cards) or, without one, as shown on the page. */
export function imageSource(image: Image, size?: Size): string {
  if (!size) return displayedImage(image).src
  return modeUrl(withCrop(image).width(size.width).height(size.height).fit('crop').url(), image)
}
