import {z} from 'zod'
import {cleanBody} from './body'
import {ArticleCard, AuthorLink, trimmedText} from './fields'

export * from './fields'
export type {BodyBlock} from './body'

export const Article = ArticleCard.extend({
  updatedAt: z.iso.datetime({offset: true}).nullish().catch(undefined),
  hasAffiliateLinks: z.boolean().nullish().transform(Boolean),
  seo: z.object({title: trimmedText, description: trimmedText}).nullish().catch(undefined),
  author: AuthorLink,
  body: z.array(z.unknown()).nullish(),
}).transform((article) => ({...article, body: cleanBody(article._id, article.body ?? [])}))
export type Article = z.output<typeof Article>

