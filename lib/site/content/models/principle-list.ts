import {z} from 'zod'
import {droppable, isoDate, lenientArray, optionalText, text, UrlSlug} from './zod'

/** A list of principles, wherever it shows: embedded in an article, on the index, on its own page. */
export const principleListFields = /* groq */ `{
  _id, title, "slug": slug.current, organization, intro, sourceUrl, date,
  "principles": principles[]{_key, title, description}
}`

export const Principle = z.object({_key: text, title: text, description: text})

export const PrincipleList = z.object({
  _id: text,
  title: text,
  slug: UrlSlug,
  organization: optionalText('organization'),
  intro: optionalText('intro'),
  principles: lenientArray(Principle, 'principles').pipe(z.array(Principle).min(1)),
  sourceUrl: optionalText('sourceUrl'),
  date: droppable(isoDate.nullish(), 'date'),
})
export type PrincipleList = z.output<typeof PrincipleList>
