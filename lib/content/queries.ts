import {defineQuery} from 'next-sanity'
import {ARTICLE_LIST_TAGS, SETTINGS_TAG, docTag, listTag} from './tags'
import {z} from 'zod'
import {Article, ArticleCard, droppable, optionalImage, UrlSlug, PrincipleList, Quote, SiteSettings, TopicLink, lenientArray} from './schemas'

/**
 * Every query the site runs, each beside the zod schema of what its page may rely on and the cache
 * tags that a change to its content must revalidate.
 */
export type QueryDefinition<S extends z.ZodType = z.ZodType> = {
  name: string
  query: string
  schema: S
  /** Cache tags for a call with these params (lib/content/tags.ts). */
  tags: (params: Record<string, unknown>) => string[]
}

const define = <S extends z.ZodType>(def: QueryDefinition<S>) => def

// Fragments are named after the shape they select.
const imageFields = /* groq */ `{
  "assetRef": asset._ref, alt, caption, credit, hotspot, crop,
  "lqip": asset->metadata.lqip
}`
const topicLinkFields = /* groq */ `{_id, title, "slug": slug.current}`
const authorLinkFields = /* groq */ `{name, "slug": slug.current, role}`
const articleCardFields = /* groq */ `{
  _id, title, "slug": slug.current, dek, publishedAt,
  mainImage${imageFields},
  "author": author->${authorLinkFields},
  "topics": topics[]->${topicLinkFields}
}`
const quoteFields = /* groq */ `{
  _id, "slug": slug.current, text, speakerName, speakerRole, organization, source, date
}`
const principleListFields = /* groq */ `{
  _id, title, "slug": slug.current, organization, intro, sourceUrl, date,
  "principles": principles[]{_key, title, description}
}`
const listedArticle = /* groq */ `_type == "article" && defined(slug.current)`

export const siteSettings = define({
  name: 'siteSettings',
  query: defineQuery(`*[_type == "siteSettings" && _id == "siteSettings"][0]{
    _id, title, description, affiliateDisclosure,
    "navTopics": navTopics[]->${topicLinkFields}
  }`),
  schema: SiteSettings.nullable(),
  tags: () => [SETTINGS_TAG, listTag('topic')],
})

/** One page of a listing, plus one more card, so the page knows whether an older page exists. */
export const latestArticles = define({
  name: 'latestArticles',
  query: defineQuery(`*[${listedArticle}] | order(publishedAt desc) [$start...$end] ${articleCardFields}`),
  schema: lenientArray(ArticleCard, 'latestArticles'),
  tags: () => ARTICLE_LIST_TAGS,
})

export const articleBySlug = define({
  name: 'articleBySlug',
  query: defineQuery(`*[_type == "article" && slug.current == $slug][0]{
    _id, title, "slug": slug.current, dek, publishedAt, updatedAt, hasAffiliateLinks, seo,
    mainImage${imageFields},
    "author": author->${authorLinkFields},
    "topics": topics[]->${topicLinkFields},
    body[]{
      ...,
      _type == "image" => ${imageFields},
      _type == "quoteEmbed" => {"quote": quote->${quoteFields}},
      _type == "principleListEmbed" => {"principleList": principleList->${principleListFields}},
      _type == "block" => {
        markDefs[]{..., _type == "internalLink" => {"slug": reference->slug.current}}
      }
    }
  }`),
  schema: Article.nullable(),
  tags: ({slug}) => [docTag('article', String(slug))],
})

export const topicBySlug = define({
  name: 'topicBySlug',
  query: defineQuery(`*[_type == "topic" && slug.current == $slug][0]{_id, title, "slug": slug.current, description}`),
  schema: z.object({_id: z.string(), title: z.string().min(1), slug: UrlSlug, description: droppable(z.string().nullish(), 'description')}).nullable(),
  tags: ({slug}) => [docTag('topic', String(slug))],
})

// The reference is found by a sub-query that needs no outer scope, so the embedded store can resolve
// it first and read the articles from its reference index (lib/embedded/planner.ts).
export const topicArticles = define({
  name: 'topicArticles',
  query: defineQuery(`*[${listedArticle} && references(*[_type == "topic" && slug.current == $slug][0]._id)]
    | order(publishedAt desc) [$start...$end] ${articleCardFields}`),
  schema: lenientArray(ArticleCard, 'topicArticles'),
  tags: ({slug}) => [docTag('topic', String(slug)), ...ARTICLE_LIST_TAGS],
})

export const authorBySlug = define({
  name: 'authorBySlug',
  query: defineQuery(`*[_type == "author" && slug.current == $slug][0]{
    _id, name, "slug": slug.current, role, bio, image${imageFields}
  }`),
  schema: z
    .object({
      _id: z.string(),
      name: z.string().min(1),
      slug: UrlSlug,
      role: droppable(z.string().nullish(), 'role'),
      bio: droppable(z.string().nullish(), 'bio'),
      image: optionalImage('image'),
    })
    .nullable(),
  tags: ({slug}) => [docTag('author', String(slug))],
})

export const authorArticles = define({
  name: 'authorArticles',
  query: defineQuery(`*[${listedArticle} && references(*[_type == "author" && slug.current == $slug][0]._id)]
    | order(publishedAt desc) [$start...$end] ${articleCardFields}`),
  schema: lenientArray(ArticleCard, 'authorArticles'),
  tags: ({slug}) => [docTag('author', String(slug)), ...ARTICLE_LIST_TAGS],
})

const articlesCiting = (type: string) =>
  `"articles": *[${listedArticle} && references(*[_type == "${type}" && slug.current == $slug][0]._id)]
    | order(publishedAt desc) ${articleCardFields}`

// Index pages list the documents alone: a per-item count of citing articles costs a scan per item.
export const allQuotes = define({
  name: 'allQuotes',
  query: defineQuery(`*[_type == "quote" && defined(slug.current)] | order(date desc, _id asc) [$start...$end] ${quoteFields}`),
  schema: lenientArray(Quote, 'quotes'),
  tags: () => [listTag('quote')],
})

export const quoteBySlug = define({
  name: 'quoteBySlug',
  query: defineQuery(`*[_type == "quote" && slug.current == $slug][0]{
    ...${quoteFields},
    ${articlesCiting('quote')}
  }`),
  schema: Quote.extend({articles: lenientArray(ArticleCard, 'articles')}).nullable(),
  tags: ({slug}) => [docTag('quote', String(slug)), ...ARTICLE_LIST_TAGS],
})

export const allPrincipleLists = define({
  name: 'allPrincipleLists',
  query: defineQuery(`*[_type == "principleList" && defined(slug.current)] | order(date desc, _id asc) [$start...$end] ${principleListFields}`),
  schema: lenientArray(PrincipleList, 'principleLists'),
  tags: () => [listTag('principleList')],
})

export const principleListBySlug = define({
  name: 'principleListBySlug',
  query: defineQuery(`*[_type == "principleList" && slug.current == $slug][0]{
    ...${principleListFields},
    ${articlesCiting('principleList')}
  }`),
  schema: PrincipleList.extend({articles: lenientArray(ArticleCard, 'articles')}).nullable(),
  tags: ({slug}) => [docTag('principleList', String(slug)), ...ARTICLE_LIST_TAGS],
})

export const allTopics = define({
  name: 'allTopics',
  query: defineQuery(`*[_type == "topic" && defined(slug.current)] | order(title asc) ${topicLinkFields}`),
  schema: lenientArray(TopicLink, 'topics'),
  tags: () => [listTag('topic')],
})

/** Slugs to pre-render at build time, per page type. */
export const slugsOf = define({
  name: 'slugsOf',
  query: defineQuery(`*[_type == $type && defined(slug.current)] | order(_updatedAt desc) [0...$limit]{_id, "slug": slug.current}`),
  schema: lenientArray(z.object({_id: z.string(), slug: UrlSlug}), 'slugsOf'),
  tags: ({type}) => [listTag(String(type))],
})

/** Articles sharing a topic with the one being read, newest first; the page passes its topic ids. */
export const relatedArticles = define({
  name: 'relatedArticles',
  query: defineQuery(`*[${listedArticle} && _id != $id && references($topicIds)] | order(publishedAt desc) [0...3] ${articleCardFields}`),
  schema: lenientArray(ArticleCard, 'relatedArticles'),
  tags: () => ARTICLE_LIST_TAGS,
})

/** Published documents that reference one document: whose pages a change to it must refresh. */
export const referencingDocuments = define({
  name: 'referencingDocuments',
  query: defineQuery(`*[references($id)]{_type, "slug": slug.current}`),
  schema: lenientArray(z.object({_type: z.string(), slug: z.string().nullish()}), 'referencingDocuments'),
  tags: () => [],
})

const SearchHit = z.object({
  _type: z.enum(['article', 'quote', 'principleList']),
  _id: z.string(),
  _score: z.number(),
  slug: UrlSlug,
  title: z.string().nullish(),
  dek: z.string().nullish(),
  publishedAt: droppable(z.iso.datetime({offset: true}).nullish(), 'publishedAt'),
  text: z.string().nullish(),
  speakerName: z.string().nullish(),
  organization: z.string().nullish(),
  date: droppable(z.iso.date().nullish(), 'date'),
})
export type SearchHit = z.output<typeof SearchHit>

/** Headlines, standfirsts, bodies, quotes and principle lists, best match first ($q: lib/search.ts). */
export const searchContent = define({
  name: 'searchContent',
  query: defineQuery(`*[_type in ["article", "quote", "principleList"] && defined(slug.current) && (
    title match $q || dek match $q || pt::text(body) match $q || text match $q || speakerName match $q ||
    organization match $q || intro match $q || principles[].title match $q || principles[].description match $q
  )] | score(
    boost(title match $q, 5), boost(dek match $q, 2), pt::text(body) match $q, boost(text match $q, 2),
    boost(speakerName match $q, 3), boost(principles[].title match $q, 2), intro match $q
  ) | order(_score desc, coalesce(publishedAt, date) desc) [$start...$end] {
    _type, _id, _score, "slug": slug.current, title, dek, publishedAt, text, speakerName, organization, date
  }`),
  schema: lenientArray(SearchHit, 'searchContent'),
  tags: () => ['article', 'quote', 'principleList'].map(listTag),
})
