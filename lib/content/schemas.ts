import {z} from 'zod'
import {cleanBody} from './body'
import {ArticleCard, AuthorLink, droppable, trimmedText} from './fields'

export * from './fields'
export type {BodyBlock} from './body'

export const Article = ArticleCard.extend({
  updatedAt: droppable(z.iso.datetime({offset: true}).nullish(), 'updatedAt'),
  hasAffiliateLinks: z.boolean().nullish().transform(Boolean),
  seo: droppable(z.object({title: trimmedText, description: trimmedText}).nullish(), 'seo'),
  author: AuthorLink,
  body: z.array(z.unknown()).nullish(),
}).transform((article) => ({...article, body: cleanBody(article._id, article.body ?? [])}))
export type Article = z.output<typeof Article>

