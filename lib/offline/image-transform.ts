import sharp from 'sharp'
import type {ImageParams, OutputFormat} from '../site/image-params'

const CONTENT_TYPE: Record<OutputFormat, string> = {jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp'}

/** The format a stored file keeps when it is re-encoded without `fm` (a GIF becomes a PNG, its first frame). */
const SOURCE_FORMAT: Record<string, OutputFormat> = {jpg: 'jpg', jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'png'}

/** The CDN's default quality for JPEG and WebP. */
const DEFAULT_QUALITY = 75

export type Transformed = {body: Buffer; contentType: string}

/** The format to send: `auto=format` gives WebP to a client that says it takes it, else `fm`, else the file's own. */
export function outputFormat(params: ImageParams, extension: string, accept: string | null): OutputFormat {
  // a substring test is enough: browsers that take WebP list it by name (Accept: image/avif,image/webp,…)
  if (params.autoFormat && accept?.includes('image/webp')) return 'webp'
  return params.format ?? SOURCE_FORMAT[extension]
}

/** Whether the stored bytes already are the picture asked for, so they can be sent as they are. */
export function isStoredPicture(params: ImageParams, stored: {width: number; height: number}, extension: string, format: OutputFormat) {
  const {rect, output} = params
  const whole = rect.left === 0 && rect.top === 0 && rect.width === stored.width && rect.height === stored.height
  const sameSize = output.width === stored.width && output.height === stored.height
  const sameFormat = SOURCE_FORMAT[extension] === format && extension !== 'gif'
  return whole && sameSize && sameFormat && params.quality === undefined
}

/** Cuts, scales and encodes with sharp, which works off the event loop (libvips' own threads). */
export async function transformImage(body: Buffer, params: ImageParams, format: OutputFormat): Promise<Transformed> {
  const {rect, output, cover} = params
  const quality = params.quality ?? DEFAULT_QUALITY
  const pipeline = sharp(body)
    .extract(rect)
    .resize(output.width, output.height, {fit: cover ? 'cover' : 'fill'})
  const encoded = format === 'png' ? pipeline.png() : format === 'webp' ? pipeline.webp({quality}) : pipeline.jpeg({quality})
  return {body: await encoded.toBuffer(), contentType: CONTENT_TYPE[format]}
}
