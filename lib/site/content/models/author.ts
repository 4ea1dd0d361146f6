import {z} from 'zod'
import {imageFields, optionalImage} from './image'
import {droppable, optionalText, text, UrlSlug} from './zod'

/** An author as a byline: on article cards and the article page. */
export const authorLinkFields = /* groq */ `{name, "slug": slug.current, role}`

export const AuthorLink = z.object({name: text, slug: UrlSlug, role: optionalText('author.role')})
export type AuthorLink = z.output<typeof AuthorLink>

/** An author's own page. */
export const authorFields = /* groq */ `{
  _id, name, "slug": slug.current, role, bio, image${imageFields}
}`

export const Author = z.object({
  _id: z.string(),
  name: z.string().min(1),
  slug: UrlSlug,
  role: droppable(z.string().nullish(), 'role'),
  bio: droppable(z.string().nullish(), 'bio'),
  image: optionalImage('image'),
})
export type Author = z.output<typeof Author>
