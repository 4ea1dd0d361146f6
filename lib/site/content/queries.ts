import {defineQuery} from 'next-sanity'
import {z} from 'zod'
import {Article, ArticleCard, articleCardFields, articleFields, listedArticle} from './models/article'
import {Author, authorFields} from './models/author'
import {PrincipleList, principleListFields} from './models/principle-list'
import {Quote, quoteFields} from './models/quote'
import {SearchHit, searchHitFields} from './models/search-hit'
import {SiteSettings, siteSettingsFields} from './models/site-settings'
import {Topic, topicFields, TopicLink, topicLinkFields} from './models/topic'
import {lenientArray, UrlSlug} from './models/zod'
import {ARTICLE_LIST_TAGS, SETTINGS_TAG, docTag, listTag} from './tags'

/**
 * Every query a page runs. Each is a top-level `<name>Query` constant, which `npm run typegen` types where
 * it stands (sanity.types.ts), and a `define()` that gives fetchContent its name, the zod schema of what
 * the page may rely on, and the cache tags that a change to its content must revalidate.
 */
export type QueryDefinition<S extends z.ZodType = z.ZodType> = {
  name: string
  query: string
  schema: S
  /** Cache tags for a call with these params (lib/site/content/tags.ts). */
  tags: (params: Record<string, unknown>) => string[]
}

export const define = <S extends z.ZodType>(def: QueryDefinition<S>) => def

// The document a page's $slug names. A sub-query reads it with no outer scope, so the embedded store can
// resolve it first and read the articles citing it from its reference index (lib/offline/store/planner.ts).
const articleWithSlug = /* groq */ `_type == "article" && slug.current == $slug`
export const topicWithSlug = /* groq */ `_type == "topic" && slug.current == $slug`
const authorWithSlug = /* groq */ `_type == "author" && slug.current == $slug`
const quoteWithSlug = /* groq */ `_type == "quote" && slug.current == $slug`
const principleListWithSlug = /* groq */ `_type == "principleList" && slug.current == $slug`

export const siteSettingsQuery = defineQuery(`*[_type == "siteSettings" && _id == "siteSettings"][0]${siteSettingsFields}`)
export const siteSettings = define({
  name: 'siteSettings',
  query: siteSettingsQuery,
  schema: SiteSettings.nullable(),
  tags: () => [SETTINGS_TAG, listTag('topic')],
})

/** One page of a listing, plus one more card, so the page knows whether an older page exists. */
export const latestArticlesQuery = defineQuery(`*[${listedArticle}] | order(publishedAt desc) [$start...$end] ${articleCardFields}`)
export const latestArticles = define({
  name: 'latestArticles',
  query: latestArticlesQuery,
  schema: lenientArray(ArticleCard, 'latestArticles'),
  tags: () => ARTICLE_LIST_TAGS,
})

export const articleBySlugQuery = defineQuery(`*[${articleWithSlug}][0]${articleFields}`)
export const articleBySlug = define({
  name: 'articleBySlug',
  query: articleBySlugQuery,
  schema: Article.nullable(),
  tags: ({slug}) => [docTag('article', String(slug))],
})

export const topicBySlugQuery = defineQuery(`*[${topicWithSlug}][0]${topicFields}`)
export const topicBySlug = define({
  name: 'topicBySlug',
  query: topicBySlugQuery,
  schema: Topic.nullable(),
  tags: ({slug}) => [docTag('topic', String(slug))],
})

export const topicArticlesQuery = defineQuery(`*[${listedArticle} && references(*[${topicWithSlug}][0]._id)]
  | order(publishedAt desc) [$start...$end] ${articleCardFields}`)
export const topicArticles = define({
  name: 'topicArticles',
  query: topicArticlesQuery,
  schema: lenientArray(ArticleCard, 'topicArticles'),
  tags: ({slug}) => [docTag('topic', String(slug)), ...ARTICLE_LIST_TAGS],
})

export const authorBySlugQuery = defineQuery(`*[${authorWithSlug}][0]${authorFields}`)
export const authorBySlug = define({
  name: 'authorBySlug',
  query: authorBySlugQuery,
  schema: Author.nullable(),
  tags: ({slug}) => [docTag('author', String(slug))],
})

export const authorArticlesQuery = defineQuery(`*[${listedArticle} && references(*[${authorWithSlug}][0]._id)]
  | order(publishedAt desc) [$start...$end] ${articleCardFields}`)
export const authorArticles = define({
  name: 'authorArticles',
  query: authorArticlesQuery,
  schema: lenientArray(ArticleCard, 'authorArticles'),
  tags: ({slug}) => [docTag('author', String(slug)), ...ARTICLE_LIST_TAGS],
})

// Index pages list the documents alone: a per-item count of citing articles costs a scan per item.
export const allQuotesQuery = defineQuery(
  `*[_type == "quote" && defined(slug.current)] | order(date desc, _id asc) [$start...$end] ${quoteFields}`,
)
export const allQuotes = define({
  name: 'allQuotes',
  query: allQuotesQuery,
  schema: lenientArray(Quote, 'quotes'),
  tags: () => [listTag('quote')],
})

export const quoteBySlugQuery = defineQuery(`*[${quoteWithSlug}][0]{
  ...${quoteFields},
  "articles": *[${listedArticle} && references(*[${quoteWithSlug}][0]._id)] | order(publishedAt desc) ${articleCardFields}
}`)
export const quoteBySlug = define({
  name: 'quoteBySlug',
  query: quoteBySlugQuery,
  schema: Quote.extend({articles: lenientArray(ArticleCard, 'articles')}).nullable(),
  tags: ({slug}) => [docTag('quote', String(slug)), ...ARTICLE_LIST_TAGS],
})

export const allPrincipleListsQuery = defineQuery(
  `*[_type == "principleList" && defined(slug.current)] | order(date desc, _id asc) [$start...$end] ${principleListFields}`,
)
export const allPrincipleLists = define({
  name: 'allPrincipleLists',
  query: allPrincipleListsQuery,
  schema: lenientArray(PrincipleList, 'principleLists'),
  tags: () => [listTag('principleList')],
})

export const principleListBySlugQuery = defineQuery(`*[${principleListWithSlug}][0]{
  ...${principleListFields},
  "articles": *[${listedArticle} && references(*[${principleListWithSlug}][0]._id)] | order(publishedAt desc) ${articleCardFields}
}`)
export const principleListBySlug = define({
  name: 'principleListBySlug',
  query: principleListBySlugQuery,
  schema: PrincipleList.extend({articles: lenientArray(ArticleCard, 'articles')}).nullable(),
  tags: ({slug}) => [docTag('principleList', String(slug)), ...ARTICLE_LIST_TAGS],
})

export const allTopicsQuery = defineQuery(`*[_type == "topic" && defined(slug.current)] | order(title asc) ${topicLinkFields}`)
export const allTopics = define({
  name: 'allTopics',
  query: allTopicsQuery,
  schema: lenientArray(TopicLink, 'topics'),
  tags: () => [listTag('topic')],
})

/** Slugs to pre-render at build time, per page type. */
export const slugsOfQuery = defineQuery(
  `*[_type == $type && defined(slug.current)] | order(_updatedAt desc) [0...$limit]{_id, "slug": slug.current}`,
)
export const slugsOf = define({
  name: 'slugsOf',
  query: slugsOfQuery,
  schema: lenientArray(z.object({_id: z.string(), slug: UrlSlug}), 'slugsOf'),
  tags: ({type}) => [listTag(String(type))],
})

/** Articles sharing a topic with the one being read, newest first; the page passes its topic ids. */
export const relatedArticlesQuery = defineQuery(
  `*[${listedArticle} && _id != $id && references($topicIds)] | order(publishedAt desc) [0...3] ${articleCardFields}`,
)
export const relatedArticles = define({
  name: 'relatedArticles',
  query: relatedArticlesQuery,
  schema: lenientArray(ArticleCard, 'relatedArticles'),
  tags: () => ARTICLE_LIST_TAGS,
})

/** Published documents that reference one document: whose pages a change to it must refresh. */
export const referencingDocumentsQuery = defineQuery(`*[references($id)]{_type, "slug": slug.current}`)
export const referencingDocuments = define({
  name: 'referencingDocuments',
  query: referencingDocumentsQuery,
  schema: lenientArray(z.object({_type: z.string(), slug: z.string().nullish()}), 'referencingDocuments'),
  tags: () => [],
})

/** Headlines, standfirsts, bodies, quotes and principle lists, best match first ($q: lib/site/search.ts). */
export const searchContentQuery = defineQuery(`*[_type in ["article", "quote", "principleList"] && defined(slug.current) && (
  title match $q || dek match $q || pt::text(body) match $q || text match $q || speakerName match $q ||
  organization match $q || intro match $q || principles[].title match $q || principles[].description match $q
)] | score(
  boost(title match $q, 5), boost(dek match $q, 2), pt::text(body) match $q, boost(text match $q, 2),
  boost(speakerName match $q, 3), boost(principles[].title match $q, 2), intro match $q
) | order(_score desc, coalesce(publishedAt, date) desc) [$start...$end] ${searchHitFields}`)
export const searchContent = define({
  name: 'searchContent',
  query: searchContentQuery,
  schema: lenientArray(SearchHit, 'searchContent'),
  tags: () => ['article', 'quote', 'principleList'].map(listTag),
})
