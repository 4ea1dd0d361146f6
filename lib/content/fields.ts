import {z} from 'zod'
import {describeZodError, logDropped} from './log'

/** An array whose malformed items drop alone (logged), so one bad document never empties a list. */
export function lenientArray<T extends z.ZodType>(item: T, label: string) {
  return z
    .array(z.unknown())
    .nullish()
    .transform((items) =>
      (items ?? []).flatMap((value, index) => {
        const parsed = item.safeParse(value)
        if (parsed.success) return [parsed.data as z.output<T>]
        const id = (value as {_id?: string} | null)?._id
        logDropped(id, `${label}[${index}]`, describeZodError(parsed.error))
        return []
      }),
    )
}

const text = z.string().trim().min(1)

// eslint-disable-next-line no-misleading-character-class
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
/** A slug that can go into a URL: non-empty, and no lone surrogates (encodeURIComponent throws on them). */
export const UrlSlug = z.string().trim().min(1).refine((slug) => !LONE_SURROGATE.test(slug), 'slug is not valid Unicode')

/** Only a base64 image data URL may become a blur placeholder: next/image pastes it into CSS. */
const Lqip = z
  .string()
  .regex(/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]+$/)
  .nullish()
  .catch(undefined)
  .transform((v) => v ?? undefined)

/** Optional text, trimmed; blank is absent. */
export const trimmedText = z.string().nullish().transform((v) => v?.trim() || undefined)
// a wrong type is left out too, not allowed to take its whole document down
const optionalText = trimmedText.catch(undefined)

export const Image = z.object({
  assetRef: z.string().regex(/^image-[a-zA-Z0-9]+-\d+x\d+-[a-z0-9]+$/),
  alt: text,
  caption: optionalText,
  credit: optionalText,
  lqip: Lqip,
  hotspot: z.object({x: z.number(), y: z.number(), width: z.number(), height: z.number()}).nullish(),
  crop: z.object({top: z.number(), bottom: z.number(), left: z.number(), right: z.number()}).nullish(),
})
export type Image = z.output<typeof Image>

/** An image that is allowed to be missing or broken: the page renders without it. */
export const OptionalImage = z.unknown().transform((value) => {
  if (value == null) return undefined
  const parsed = Image.safeParse(value)
  return parsed.success ? parsed.data : undefined
})

export const TopicLink = z.object({_id: text, title: text, slug: UrlSlug})
export type TopicLink = z.output<typeof TopicLink>

export const AuthorLink = z.object({name: text, slug: UrlSlug, role: optionalText})

export const ArticleCard = z.object({
  _id: text,
  title: text,
  slug: UrlSlug,
  dek: optionalText,
  publishedAt: z.iso.datetime({offset: true}),
  mainImage: OptionalImage,
  author: AuthorLink.nullish().catch(undefined),
  topics: lenientArray(TopicLink, 'topics'),
})
export type ArticleCard = z.output<typeof ArticleCard>

export const Quote = z.object({
  _id: text,
  slug: UrlSlug,
  text,
  speakerName: text,
  speakerRole: optionalText,
  organization: optionalText,
  source: z
    .object({title: optionalText, url: optionalText})
    .nullish()
    .catch(undefined),
  date: z.iso.date().nullish().catch(undefined),
})
export type Quote = z.output<typeof Quote>

export const Principle = z.object({_key: text, title: text, description: text})

export const PrincipleList = z.object({
  _id: text,
  title: text,
  slug: UrlSlug,
  organization: optionalText,
  intro: optionalText,
  principles: lenientArray(Principle, 'principles').pipe(z.array(Principle).min(1)),
  sourceUrl: optionalText,
  date: z.iso.date().nullish().catch(undefined),
})
export type PrincipleList = z.output<typeof PrincipleList>

export const SiteSettings = z.object({
  title: text.catch('Broadsheet'),
  description: optionalText,
  affiliateDisclosure: optionalText,
  navTopics: lenientArray(TopicLink, 'navTopics'),
})
export type SiteSettings = z.output<typeof SiteSettings>
