import {z} from 'zod'
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

export const Image = z.object({
  assetRef: z.string().regex(/^image-[a-zA-Z0-9]+-\d+x\d+-[a-z0-9]+$/),
  alt: text,
  caption: optionalText('image.caption'),
  credit: optionalText('image.credit'),
  lqip: Lqip,
  hotspot: z.object({x: z.number(), y: z.number(), width: z.number(), height: z.number()}).nullish(),
  crop: z.object({top: z.number(), bottom: z.number(), left: z.number(), right: z.number()}).nullish(),
})
export type Image = z.output<typeof Image>

/** An image that is allowed to be missing or broken: the page renders without it, and a broken one is logged. */
export const optionalImage = (path: string) =>
  z.unknown().transform((value) => {
    if (value == null) return undefined
    const parsed = Image.safeParse(value)
    if (parsed.success) return parsed.data
    logDropped(undefined, path, describeZodError(parsed.error))
    return undefined
  })
