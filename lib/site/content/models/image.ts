import {z} from 'zod'
import {assetDimensions} from '../../image-params'
import {describeZodError, logDropped} from '../log'
import {droppable, optionalText, text} from './zod'

/** An image field: its asset reference, its words, its crop, and a blur placeholder from the asset. */
export const imageFields = /* groq */ `{
  "assetRef": asset._ref, alt, caption, credit, hotspot, crop,
  "lqip": asset->metadata.lqip
}`

/** Only a base64 image data URL may become a blur placeholder: next/image pastes it into CSS. */
const Lqip = droppable(
  z
    .string()
    .regex(/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]+$/)
    .nullish(),
  'image.lqip',
).transform((v) => v ?? undefined)

/** The image's fields as stored; `Image` adds the crop check (body blocks extend these, then add it too). */
export const ImageFields = z.object({
  assetRef: z.string().regex(/^image-[a-zA-Z0-9]+-\d+x\d+-[a-z0-9]+$/),
  alt: text,
  caption: optionalText('image.caption'),
  credit: optionalText('image.credit'),
  lqip: Lqip,
  hotspot: z.object({x: z.number(), y: z.number(), width: z.number(), height: z.number()}).nullish(),
  crop: z.object({top: z.number(), bottom: z.number(), left: z.number(), right: z.number()}).nullish(),
})
export const Image = ImageFields.transform(keepableCrop)
export type Image = z.output<typeof Image>

type ParsedImage = {assetRef: string; crop?: {top: number; bottom: number; left: number; right: number} | null}

/**
 * A crop the image CDN (and /media) can cut: fractions from 0 to 1 that leave at least 2 pixels a side (its
 * rounding can take one away). Any other is dropped, logged, and the whole image shown.
 */
export function keepableCrop<T extends ParsedImage>(image: T): T {
  const {crop} = image
  if (!crop) return image
  const {width, height} = assetDimensions(image.assetRef)
  const fractions = [crop.top, crop.bottom, crop.left, crop.right].every((f) => f >= 0 && f <= 1)
  if (fractions && (1 - crop.left - crop.right) * width >= 2 && (1 - crop.top - crop.bottom) * height >= 2) return image
  logDropped(undefined, 'image.crop', `crop ${JSON.stringify(crop)} leaves nothing of the ${width}×${height} image to show`)
  return {...image, crop: null}
}

/** An image that is allowed to be missing or broken: the page renders without it, and a broken one is logged. */
export const optionalImage = (path: string) =>
  z.unknown().transform((value) => {
    if (value == null) return undefined
    const parsed = Image.safeParse(value)
    if (parsed.success) return parsed.data
    logDropped(undefined, path, describeZodError(parsed.error))
    return undefined
  })
