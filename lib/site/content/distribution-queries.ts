import {defineQuery} from 'next-sanity'
import {z} from 'zod'
import {listedArticle} from './models/article'
import {droppable, isoDateTime, lenientArray, UrlSlug} from './models/zod'
import {define, topicWithSlug} from './queries'
import {ROUTED_TYPES} from '../routes'
import {docTag, listTag} from './tags'

// Queries for machines (feeds, sitemaps): published only, never stega, no images. Typed by TypeGen like
// the pages' queries (each `<name>Query` constant), fetched through define() like them.

/** A listed article that has a publication date to put in a feed or a sitemap. */
const datedArticle = /* groq */ `${listedArticle} && defined(publishedAt)`

/** An article as a feed item. */
const feedItemFields = /* groq */ `{
  _id, title, "slug": slug.current, dek, publishedAt, updatedAt,
  "seoDescription": seo.description,
  "author": author->name,
  "topics": topics[]->title
}`

export const FeedItem = z.object({
  _id: z.string(),
  title: z.string().min(1),
  slug: UrlSlug,
  dek: z.string().nullish(),
  seoDescription: z.string().nullish(),
  publishedAt: isoDateTime,
  updatedAt: droppable(isoDateTime.nullish(), 'updatedAt'),
  author: z.string().nullish(),
  topics: z
    .array(z.string().nullish())
    .nullish()
    .transform((t) => (t ?? []).filter((x): x is string => Boolean(x))),
})
export type FeedItem = z.output<typeof FeedItem>

/** What a feed item shows: articles, with their authors' names and their topics' titles. */
const FEED_TAGS = [listTag('article'), listTag('author'), listTag('topic')]

/** How many items a feed carries: a week of a busy newsroom. */
export const FEED_SIZE = 30

export const feedArticlesQuery = defineQuery(`*[${datedArticle}] | order(publishedAt desc) [0...${FEED_SIZE}] ${feedItemFields}`)
export const feedArticles = define({
  name: 'feedArticles',
  query: feedArticlesQuery,
  schema: lenientArray(FeedItem, 'feedArticles'),
  tags: () => FEED_TAGS,
})

export const topicFeedQuery = defineQuery(`*[${topicWithSlug}][0]{
  title, "slug": slug.current, description,
  "items": *[${datedArticle} && references(*[${topicWithSlug}][0]._id)] | order(publishedAt desc) [0...${FEED_SIZE}] ${feedItemFields}
}`)
export const topicFeed = define({
  name: 'topicFeed',
  query: topicFeedQuery,
  schema: z
    .object({
      title: z.string().min(1),
      slug: UrlSlug,
      description: z.string().nullish(),
      items: lenientArray(FeedItem, 'topicFeed'),
    })
    .nullable(),
  tags: ({slug}) => [docTag('topic', String(slug)), ...FEED_TAGS],
})

/** A page in the sitemap: where it is, and when it last changed. */
const Entry = z.object({_id: z.string(), slug: UrlSlug, lastModified: droppable(isoDateTime.optional(), 'lastModified')})
const entriesOf = (label: string) => lenientArray(Entry, label)

export const sitemapEntriesQuery = defineQuery(`{
  "articles": *[${datedArticle}]{_id, "slug": slug.current, "lastModified": coalesce(updatedAt, publishedAt, _updatedAt)},
  "topics": *[_type == "topic" && defined(slug.current)]{_id, "slug": slug.current, "lastModified": _updatedAt},
  "authors": *[_type == "author" && defined(slug.current)]{_id, "slug": slug.current, "lastModified": _updatedAt},
  "quotes": *[_type == "quote" && defined(slug.current)]{_id, "slug": slug.current, "lastModified": _updatedAt},
  "principleLists": *[_type == "principleList" && defined(slug.current)]{_id, "slug": slug.current, "lastModified": _updatedAt}
}`)
export const sitemapEntries = define({
  name: 'sitemapEntries',
  query: sitemapEntriesQuery,
  schema: z.object({
    articles: entriesOf('articles'),
    topics: entriesOf('topics'),
    authors: entriesOf('authors'),
    quotes: entriesOf('quotes'),
    principleLists: entriesOf('principleLists'),
  }),
  tags: () => ROUTED_TYPES.map(listTag),
})

/** Articles published since $since, for the news sitemap. */
export const recentNewsQuery = defineQuery(`*[${datedArticle} && publishedAt > $since] | order(publishedAt desc) [0...1000]{
  _id, title, "slug": slug.current, publishedAt
}`)
export const recentNews = define({
  name: 'recentNews',
  query: recentNewsQuery,
  schema: lenientArray(z.object({_id: z.string(), title: z.string().min(1), slug: UrlSlug, publishedAt: isoDateTime}), 'recentNews'),
  tags: () => [listTag('article')],
})
