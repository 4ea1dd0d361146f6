import {z} from 'zod'
import {describeZodError, logDropped, withOwner} from '../log'

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

/** Required text: trimmed, never blank. */
export const text = z.string().trim().min(1)

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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
/** A slug that can go into a URL: non-empty, and no lone surrogates (encodeURIComponent throws on them). */
// not trimmed: the slug is matched exactly when its page is requested, so a link must carry it verbatim
export const UrlSlug = z
  .string()
  .refine((slug) => slug.trim().length > 0, 'slug is blank')
  .refine((slug) => !LONE_SURROGATE.test(slug), 'slug is not valid Unicode')

/** Optional text, trimmed; blank is absent. */
export const trimmedText = z
  .string()
  .nullish()
  .transform((v) => v?.trim() || undefined)
/**
 * Optional text, a key that may be absent: a wrong type is left out too (and logged), not allowed to take
 * its whole document down. Optional in the output type, so adding one to a model breaks no literal of it.
 */
export const optionalText = (path: string) => droppable(trimmedText, path).optional()

/** Dates as the Studio stores them: a datetime with its offset, a calendar date. */
export const isoDateTime = z.iso.datetime({offset: true})
export const isoDate = z.iso.date()
