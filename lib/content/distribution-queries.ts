import {defineQuery} from 'next-sanity'
import {z} from 'zod'
import type {QueryDefinition} from './queries'
import {droppable, lenientArray, UrlSlug} from './schemas'
import {listTag} from './tags'

// Queries for machines (feeds, sitemaps): published only, never stega, no images.
const listedArticle = /* groq */ `_type == "article" && defined(slug.current) && defined(publishedAt)`
const feedItemFields = /* groq */ `{
  _id, title, "slug": slug.current, dek, publishedAt, updatedAt,
  "seoDescription": seo.description,
  "author": author->name,
  "topics": topics[]->title
}`

const FeedItem = z.object({
  _id: z.string(),
  title: z.string().min(1),
  slug: UrlSlug,
  dek: z.string().nullish(),
  seoDescription: z.string().nullish(),
  publishedAt: z.iso.datetime({offset: true}),
  updatedAt: droppable(z.iso.datetime({offset: true}).nullish(), 'updatedAt'),
  author: z.string().nullish(),
  topics: z.array(z.string().nullish()).nullish().transform((t) => (t ?? []).filter((x): x is string => Boolean(x))),
})
export type FeedItem = z.output<typeof FeedItem>

/** How many items a feed carries: a week of a busy newsroom. */
export const FEED_SIZE = 30

export const feedArticles: QueryDefinition<z.ZodType<FeedItem[]>> = {
  name: 'feedArticles',
  query: defineQuery(`*[${listedArticle}] | order(publishedAt desc) [0...${FEED_SIZE}] ${feedItemFields}`),
  schema: lenientArray(FeedItem, 'feedArticles'),
  tags: () => [listTag('article'), listTag('author'), listTag('topic')],
}

export const topicFeed = {
  name: 'topicFeed',
  query: defineQuery(`*[_type == "topic" && slug.current == $slug][0]{
    title, "slug": slug.current, description,
    "items": *[${listedArticle} && references(*[_type == "topic" && slug.current == $slug][0]._id)] | order(publishedAt desc) [0...${FEED_SIZE}] ${feedItemFields}
  }`),
  schema: z
    .object({
      title: z.string().min(1),
      slug: UrlSlug,
      description: z.string().nullish(),
      items: lenientArray(FeedItem, 'topicFeed'),
    })
    .nullable(),
  tags: ({slug}: Record<string, unknown>) => [`topic:${String(slug)}`, listTag('article'), listTag('author'), listTag('topic')],
}

const Entry = z.object({_id: z.string(), slug: UrlSlug, lastModified: droppable(z.iso.datetime({offset: true}).optional(), 'lastModified')})

export const sitemapEntries = {
  name: 'sitemapEntries',
  query: defineQuery(`{
    "articles": *[${listedArticle}]{_id, "slug": slug.current, "lastModified": coalesce(updatedAt, publishedAt, _updatedAt)},
    "topics": *[_type == "topic" && defined(slug.current)]{_id, "slug": slug.current, "lastModified": _updatedAt},
    "authors": *[_type == "author" && defined(slug.current)]{_id, "slug": slug.current, "lastModified": _updatedAt},
    "quotes": *[_type == "quote" && defined(slug.current)]{_id, "slug": slug.current, "lastModified": _updatedAt},
    "principleLists": *[_type == "principleList" && defined(slug.current)]{_id, "slug": slug.current, "lastModified": _updatedAt}
  }`),
  schema: z.object({
    articles: lenientArray(Entry, 'articles'),
    topics: lenientArray(Entry, 'topics'),
    authors: lenientArray(Entry, 'authors'),
    quotes: lenientArray(Entry, 'quotes'),
    principleLists: lenientArray(Entry, 'principleLists'),
  }),
  tags: () => ['article', 'topic', 'author', 'quote', 'principleList'].map(listTag),
}

export const recentNews = {
  name: 'recentNews',
  query: defineQuery(`*[${listedArticle} && publishedAt > $since] | order(publishedAt desc) [0...1000]{
    _id, title, "slug": slug.current, publishedAt
  }`),
  schema: lenientArray(
    z.object({_id: z.string(), title: z.string().min(1), slug: UrlSlug, publishedAt: z.iso.datetime({offset: true})}),
    'recentNews',
  ),
  tags: () => [listTag('article')],
}
