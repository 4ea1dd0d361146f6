// The part of Sanity's image-CDN query language that our own builder writes (lib/site/images.ts), read back and
// checked: embedded mode's /media applies it with sharp, so a crop looks the same in both modes.

export type Size = {width: number; height: number}
export type Rect = {left: number; top: number} & Size

/** `image-<id>-<width>x<height>-<ext>` is how Sanity names an image asset; the size is in the name. */
export function assetDimensions(assetRef: string): Size {
  const [, , size] = assetRef.split('-')
  const [width, height] = size.split('x').map(Number)
  return {width, height}
}

/** `rect=left,top,width,height`, pixels of the stored image, as @sanity/image-url writes it; undefined if malformed. */
export function parseRect(value: string): Rect | undefined {
  if (!/^\d{1,5},\d{1,5},\d{1,5},\d{1,5}$/.test(value)) return undefined
  const [left, top, width, height] = value.split(',').map(Number)
  return {left, top, width, height}
}

/** The fits Sanity's CDN documents that a page of ours can ask for; `crop` cuts to the box, the others fit inside it. */
const FITS = ['crop', 'clip', 'max'] as const
/** What `fm` may ask for (Sanity's `pjpg` is a progressive `jpg`). */
const FORMATS = ['jpg', 'pjpg', 'png', 'webp'] as const
/** Output side, in pixels: the widest srcset entry Next asks for is 3840; more would let one URL cost a server seconds. */
export const MAX_SIDE = 4096

export type Fit = (typeof FITS)[number]
export type OutputFormat = 'jpg' | 'png' | 'webp'

export type ImageParams = {
  /** The part of the stored image to keep. */
  rect: Rect
  /** The picture served, in pixels. */
  output: Size
  /** Cut to `output` exactly (`fit=crop` with both sides), or scale the rectangle to it (shape kept). */
  cover: boolean
  format?: OutputFormat
  /** `auto=format`: WebP to a browser that accepts it, as the CDN does. */
  autoFormat: boolean
  quality?: number
}

export type ParsedParams = {ok: true; params: ImageParams} | {ok: false; error: string}

const SUPPORTED = ['rect', 'w', 'h', 'fit', 'fm', 'auto', 'q']

const positiveInt = (value: string) => (/^\d{1,5}$/.test(value) ? Number(value) : NaN)

/**
 * Reads a query string against the stored image's size. Anything unknown, repeated, malformed or out of range is an
 * error naming the parameter, so a bad URL is a 400, never a guess or a 500.
 */
export function parseImageParams(search: URLSearchParams, stored: Size): ParsedParams {
  const fail = (error: string): ParsedParams => ({ok: false, error})
  const seen = new Set<string>()
  for (const key of search.keys()) {
    if (!SUPPORTED.includes(key)) return fail(`unsupported parameter "${key}" (supported: ${SUPPORTED.join(', ')})`)
    if (seen.has(key)) return fail(`parameter "${key}" given more than once`)
    seen.add(key)
  }
  const get = (key: string) => search.get(key) ?? undefined

  let rect: Rect = {left: 0, top: 0, ...stored}
  const rectParam = get('rect')
  if (rectParam !== undefined) {
    const parsed = parseRect(rectParam)
    if (!parsed) return fail('rect must be left,top,width,height in whole pixels')
    if (parsed.width < 1 || parsed.height < 1) return fail('rect must be at least 1×1')
    if (parsed.left + parsed.width > stored.width || parsed.top + parsed.height > stored.height)
      return fail(`rect ${rectParam} lies outside the ${stored.width}×${stored.height} image`)
    rect = parsed
  }

  const sides: Partial<Size> = {}
  for (const [key, side] of [
    ['w', 'width'],
    ['h', 'height'],
  ] as const) {
    const value = get(key)
    if (value === undefined) continue
    const n = positiveInt(value)
    if (!(n >= 1 && n <= MAX_SIDE)) return fail(`${key} must be a whole number from 1 to ${MAX_SIDE}`)
    sides[side] = n
  }

  const fit = get('fit') ?? 'clip'
  if (!(FITS as readonly string[]).includes(fit)) return fail(`fit must be one of ${FITS.join(', ')}`)

  const fm = get('fm')
  if (fm !== undefined && !(FORMATS as readonly string[]).includes(fm)) return fail(`fm must be one of ${FORMATS.join(', ')}`)
  const auto = get('auto')
  if (auto !== undefined && auto !== 'format') return fail('auto must be "format"')

  const q = get('q')
  const quality = q === undefined ? undefined : positiveInt(q)
  if (quality !== undefined && !(quality >= 1 && quality <= 100)) return fail('q must be a whole number from 1 to 100')

  const cover = fit === 'crop' && sides.width !== undefined && sides.height !== undefined
  const output = cover ? (sides as Size) : fitInside(rect, sides, fit === 'max')
  if (output.width > MAX_SIDE || output.height > MAX_SIDE) return fail(`the picture asked for is larger than ${MAX_SIDE} pixels a side`)

  const format = fm === undefined ? undefined : fm === 'pjpg' ? 'jpg' : (fm as OutputFormat)
  return {ok: true, params: {rect, output, cover, format, autoFormat: auto === 'format', quality}}
}

/** The rectangle scaled, shape kept, to fit the sides given (the CDN's `clip`; `max` never enlarges). */
function fitInside(rect: Size, sides: Partial<Size>, neverEnlarge: boolean): Size {
  const scales = [sides.width && sides.width / rect.width, sides.height && sides.height / rect.height].filter(
    (s): s is number => typeof s === 'number',
  )
  let scale = scales.length ? Math.min(...scales) : 1
  if (neverEnlarge) scale = Math.min(scale, 1)
  return {width: Math.max(1, Math.round(rect.width * scale)), height: Math.max(1, Math.round(rect.height * scale))}
}
