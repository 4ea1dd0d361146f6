import {z} from 'zod'
import {droppable, isoDate, optionalText, text, UrlSlug} from './zod'

/** A quote, wherever it shows: embedded in an article, on the quotes index, on its own page. */
export const quoteFields = /* groq */ `{
  _id, "slug": slug.current, text, speakerName, speakerRole, organization, source, date
}`

export const Quote = z.object({
  _id: text,
  slug: UrlSlug,
  text,
  speakerName: text,
  speakerRole: optionalText('speakerRole'),
  organization: optionalText('organization'),
  source: droppable(z.object({title: optionalText('source.title'), url: optionalText('source.url')}).nullish(), 'source'),
  date: droppable(isoDate.nullish(), 'date'),
})
export type Quote = z.output<typeof Quote>
