import {z} from 'zod'
import {AuthorLink, authorLinkFields} from './author'
import {bodyFields, cleanBody} from './body'
import {imageFields, optionalImage} from './image'
import {TopicLink, topicLinkFields} from './topic'
import {droppable, isoDateTime, lenientArray, optionalText, text, trimmedText, UrlSlug} from './zod'

/** An article a listing may show: it has a slug to link to. */
export const listedArticle = /* groq */ `_type == "article" && defined(slug.current)`

/** An article in a listing: the home page, topic and author pages, related stories. */
export const articleCardFields = /* groq */ `{
  _id, title, "slug": slug.current, dek, publishedAt,
  mainImage${imageFields},
  "author": author->${authorLinkFields},
  "topics": topics[]->${topicLinkFields}
}`

export const ArticleCard = z.object({
  _id: text,
  title: text,
  slug: UrlSlug,
  dek: optionalText('dek'),
  publishedAt: isoDateTime,
  mainImage: optionalImage('mainImage'),
  author: droppable(AuthorLink.nullish(), 'author'),
  topics: lenientArray(TopicLink, 'topics'),
})
export type ArticleCard = z.output<typeof ArticleCard>

/** An article's own page: its card, and what only the page shows. */
export const articleFields = /* groq */ `{
  ...${articleCardFields},
  updatedAt, hasAffiliateLinks, seo,
  body[]${bodyFields}
}`

export const Article = ArticleCard.extend({
  updatedAt: droppable(isoDateTime.nullish(), 'updatedAt'),
  hasAffiliateLinks: z.boolean().nullish().transform(Boolean),
  seo: droppable(z.object({title: trimmedText, description: trimmedText}).nullish(), 'seo'),
  author: AuthorLink,
  body: z.array(z.unknown()).nullish(),
}).transform((article) => ({...article, body: cleanBody(article._id, article.body ?? [])}))
export type Article = z.output<typeof Article>
