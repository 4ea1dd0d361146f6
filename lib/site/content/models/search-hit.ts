import {z} from 'zod'
import {droppable, isoDate, isoDateTime, UrlSlug} from './zod'

/** A search result: an article, a quote or a principle list, with what its result line shows. */
export const searchHitFields = /* groq */ `{
  _type, _id, _score, "slug": slug.current, title, dek, publishedAt, text, speakerName, organization, date
}`

export const SearchHit = z.object({
  _type: z.enum(['article', 'quote', 'principleList']),
  _id: z.string(),
  _score: z.number(),
  slug: UrlSlug,
  title: z.string().nullish(),
  dek: z.string().nullish(),
  publishedAt: droppable(isoDateTime.nullish(), 'publishedAt'),
  text: z.string().nullish(),
  speakerName: z.string().nullish(),
  organization: z.string().nullish(),
  date: droppable(isoDate.nullish(), 'date'),
})
export type SearchHit = z.output<typeof SearchHit>
