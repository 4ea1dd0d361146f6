import {z} from 'zod'
import {droppable, text, UrlSlug} from './zod'

/** A topic as a link: in navigation, on article cards, on the topics index. */
export const topicLinkFields = /* groq */ `{_id, title, "slug": slug.current}`

export const TopicLink = z.object({_id: text, title: text, slug: UrlSlug})
export type TopicLink = z.output<typeof TopicLink>

/** A topic's own page. */
export const topicFields = /* groq */ `{_id, title, "slug": slug.current, description}`

export const Topic = z.object({
  _id: z.string(),
  title: z.string().min(1),
  slug: UrlSlug,
  description: droppable(z.string().nullish(), 'description'),
})
export type Topic = z.output<typeof Topic>
