import {z} from 'zod'
import {describeZodError, logDropped, withOwner} from './log'

/** An array whose malformed items drop alone (logged), so one bad document never empties a list. */
export function lenientArray<T extends z.ZodType>(item: T, label: string) {
  return z
    .array(z.unknown())
    .nullish()
    .transform((items) =>
      (items ?? []).flatMap((value, index) => {
        const id = (value as {_id?: unknown} | null)?._id
        // an item that is a document owns what is dropped inside it
        const parsed = withOwner(id, () => item.safeParse(value))
        if (parsed.success) return [parsed.data as z.output<T>]
        logDropped(typeof id === 'string' ? id : undefined, `${label}[${index}]`, describeZodError(parsed.error))
        return []
      }),
    )
}

const text = z.string().trim().min(1)

/**
 * A field that may be broken without taking its document down: a bad value is logged (document id and
 * path) and replaced by `fallback`. Missing values are not drops; `schema` decides whether they pass.
 */
export function droppable<T extends z.ZodType>(schema: T, path: string, fallback?: z.output<T>) {
  return schema.catch((ctx) => {
    logDropped(undefined, path, describeZodError(ctx.error))
    return fallback as z.output<T>
  })
}

// eslint-disable-next-line no-misleading-character-class
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
/** A slug that can go into a URL: non-empty, and no lone surrogates (encodeURIComponent throws on them). */
// not trimmed: the slug is matched exactly when its page is requested, so a link must carry it verbatim
export const UrlSlug = z
  .string()
  .refine((slug) => slug.trim().length > 0, 'slug is blank')
  .refine((slug) => !LONE_SURROGATE.test(slug), 'slug is not valid Unicode')

/** Only a base64 image data URL may become a blur placeholder: next/image pastes it into CSS. */
const Lqip = droppable(
  z
    .string()
    .regex(/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]+$/)
    .nullish(),
  'image.lqip',
).transform((v) => v ?? undefined)

/** Optional text, trimmed; blank is absent. */
export const trimmedText = z.string().nullish().transform((v) => v?.trim() || undefined)
// a wrong type is left out too (and logged), not allowed to take its whole document down
const optionalText = (path: string) => droppable(trimmedText, path)

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

export const TopicLink = z.object({_id: text, title: text, slug: UrlSlug})
export type TopicLink = z.output<typeof TopicLink>

export const AuthorLink = z.object({name: text, slug: UrlSlug, role: optionalText('author.role')})

export const ArticleCard = z.object({
  _id: text,
  title: text,
  slug: UrlSlug,
  dek: optionalText('dek'),
  publishedAt: z.iso.datetime({offset: true}),
  mainImage: optionalImage('mainImage'),
  author: droppable(AuthorLink.nullish(), 'author'),
  topics: lenientArray(TopicLink, 'topics'),
})
export type ArticleCard = z.output<typeof ArticleCard>

export const Quote = z.object({
  _id: text,
  slug: UrlSlug,
  text,
  speakerName: text,
  speakerRole: optionalText('speakerRole'),
  organization: optionalText('organization'),
  source: droppable(z.object({title: optionalText('source.title'), url: optionalText('source.url')}).nullish(), 'source'),
  date: droppable(z.iso.date().nullish(), 'date'),
})
export type Quote = z.output<typeof Quote>

export const Principle = z.object({_key: text, title: text, description: text})

export const PrincipleList = z.object({
  _id: text,
  title: text,
  slug: UrlSlug,
  organization: optionalText('organization'),
  intro: optionalText('intro'),
  principles: lenientArray(Principle, 'principles').pipe(z.array(Principle).min(1)),
  sourceUrl: optionalText('sourceUrl'),
  date: droppable(z.iso.date().nullish(), 'date'),
})
export type PrincipleList = z.output<typeof PrincipleList>

export const SiteSettings = z.object({
  title: droppable(text, 'title', 'Broadsheet'),
  description: optionalText('description'),
  affiliateDisclosure: optionalText('affiliateDisclosure'),
  navTopics: lenientArray(TopicLink, 'navTopics'),
})
export type SiteSettings = z.output<typeof SiteSettings>
