/**
 * Type-level contract between each query definition (lib/site/content/queries.ts, distribution-queries.ts) and
 * its zod schema, checked by `tsc --noEmit` (npm run typecheck): the result type Sanity TypeGen derives from
 * the query text and the Studio schema must be acceptable input to the zod schema the site parses it with.
 * Drift (a field renamed or dropped in the query or the Studio schema, a type changed, a new query not
 * typed) is a compile error.
 *
 * What is checked, per query:
 * 1. `Result extends z.input<schema>`: every value the query can return is of a type the schema accepts.
 *    The types come from `sanity schema extract --enforce-required-fields`, so fields the Studio requires
 *    are non-null: they describe documents that passed the Studio's validation. Drafts and documents
 *    written through the API can still break that, which is what the zod schemas catch at run time.
 * 2. No missing keys, at any depth: every key the schema reads is selected by the query. (Check 1 alone
 *    would pass a query that stops selecting a field the schema marks optional.)
 * 3. For lenient arrays (`lenientArray(item)`, whose input is any array), the same two checks on each
 *    element against the item schema's input. The item schema is named in LENIENT_ITEMS below, tied to
 *    the query by the schemas' output types; an item not listed there (an inline schema without
 *    transforms) is checked against its output type, which then equals its input.
 *
 * Each definition `foo` runs the top-level constant `fooQuery`, which TypeGen types as `FooQueryResult`
 * (tests/unit/site/content/queries.test.ts checks the pairing at run time). Regenerate after changing a query or the
 * Studio schema: `npm run typegen`.
 */
import type {z} from 'zod'
import type * as distribution from '@/lib/site/content/distribution-queries'
import type {FeedItem} from '@/lib/site/content/distribution-queries'
import type {ArticleCard} from '@/lib/site/content/models/article'
import type {PrincipleList} from '@/lib/site/content/models/principle-list'
import type {Quote} from '@/lib/site/content/models/quote'
import type {TopicLink} from '@/lib/site/content/models/topic'
import type * as queries from '@/lib/site/content/queries'
import type {QueryDefinition} from '@/lib/site/content/queries'
import type * as TypeGen from '@/sanity.types'

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** Compiles only when T is `true`; on failure the error shows the offending type. */
type Assert<T extends true> = T

/** `true` when every R is assignable to I, else a description of the mismatch. */
type Accepts<I, R> = [R] extends [I] ? true : {error: 'query result not accepted by the zod schema'; result: R; schemaInput: I}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

type Present<T> = Exclude<T, null | undefined>
type ElementOf<T> = Present<T> extends readonly (infer E)[] ? E : never
type IsUnknown<T> = unknown extends T ? true : false

/**
 * Paths (`.a.b[].c`) of keys the schema input I has and the result R lacks. Unions in R (a projection
 * over several document types) must each have the key; z.unknown() and other `unknown` inputs end it.
 */
type MissingKeys<R, I, Path extends string = ''> =
  IsUnknown<I> extends true
    ? never
    : Present<I> extends readonly unknown[]
      ? Present<R> extends readonly unknown[]
        ? MissingKeys<ElementOf<R>, ElementOf<I>, `${Path}[]`>
        : never
      : Present<I> extends object
        ? Present<R> extends object
          ? {
              [K in keyof Present<I> & string]: Present<R> extends infer Each
                ? Each extends object
                  ? K extends keyof Each
                    ? MissingKeys<Each[K], Present<I>[K], `${Path}.${K}`>
                    : `${Path}.${K}`
                  : never
                : never
            }[keyof Present<I> & string]
          : never
        : never

type NoMissingKeys<R, I> = [MissingKeys<R, I>] extends [never] ? true : {error: 'the query does not select'; paths: MissingKeys<R, I>}

// ---------------------------------------------------------------------------------------------------------
// The definitions and their TypeGen results

type Module = typeof queries & typeof distribution
type DefinitionName = {[K in keyof Module]: Module[K] extends QueryDefinition ? K : never}[keyof Module]
type SchemaOf<K extends DefinitionName> = Module[K]['schema']

/** TypeGen's result for each definition, by name (TypeGen names it after the definition's `<name>Query`). */
type Results = {
  siteSettings: TypeGen.SiteSettingsQueryResult
  latestArticles: TypeGen.LatestArticlesQueryResult
  articleBySlug: TypeGen.ArticleBySlugQueryResult
  topicBySlug: TypeGen.TopicBySlugQueryResult
  topicArticles: TypeGen.TopicArticlesQueryResult
  authorBySlug: TypeGen.AuthorBySlugQueryResult
  authorArticles: TypeGen.AuthorArticlesQueryResult
  allQuotes: TypeGen.AllQuotesQueryResult
  quoteBySlug: TypeGen.QuoteBySlugQueryResult
  allPrincipleLists: TypeGen.AllPrincipleListsQueryResult
  principleListBySlug: TypeGen.PrincipleListBySlugQueryResult
  allTopics: TypeGen.AllTopicsQueryResult
  slugsOf: TypeGen.SlugsOfQueryResult
  relatedArticles: TypeGen.RelatedArticlesQueryResult
  referencingDocuments: TypeGen.ReferencingDocumentsQueryResult
  searchContent: TypeGen.SearchContentQueryResult
  feedArticles: TypeGen.FeedArticlesQueryResult
  topicFeed: TypeGen.TopicFeedQueryResult
  sitemapEntries: TypeGen.SitemapEntriesQueryResult
  recentNews: TypeGen.RecentNewsQueryResult
}
type ResultOf<K extends DefinitionName> = K extends keyof Results ? Results[K] : never

/** Every definition has its TypeGen result above, and every result a definition; else the error names them. */
type Unpaired = Exclude<DefinitionName, keyof Results> | Exclude<keyof Results, DefinitionName>
type _everyQueryIsTyped = Assert<[Unpaired] extends [never] ? true : {error: 'no TypeGen result, or no definition'; names: Unpaired}>
/** Every definition `foo` has the top-level `fooQuery` constant that TypeGen reads; else the error names it. */
type _everyQueryIsAConstant = Assert<
  {[K in DefinitionName]: `${K}Query` extends keyof Module ? true : {error: 'no top-level query constant'; name: K}}[DefinitionName]
>

/**
 * Item schemas of the lenient-array queries whose items transform (so their input differs from their
 * output). Tied to the queries: the query's output must be exactly an array of this item's output.
 */
type LENIENT_ITEMS = {
  latestArticles: typeof ArticleCard
  topicArticles: typeof ArticleCard
  authorArticles: typeof ArticleCard
  relatedArticles: typeof ArticleCard
  allQuotes: typeof Quote
  allPrincipleLists: typeof PrincipleList
  allTopics: typeof TopicLink
  feedArticles: typeof FeedItem
}
type _lenientItemsMatchTheQueries = Assert<
  {[K in keyof LENIENT_ITEMS]: Equal<z.output<SchemaOf<K>>, z.output<LENIENT_ITEMS[K]>[]>}[keyof LENIENT_ITEMS]
>

/** A lenient array's input is any array: its contract is on the item. */
type IsLenient<K extends DefinitionName> = Equal<z.input<SchemaOf<K>>, unknown[] | null | undefined>
/**
 * TypeGen does not model `score()`: it types the `_score` it adds as null. The store and the Content Lake
 * both return a number, so the element is checked with `_score: number`.
 */
type WithScore<T> = T extends {_score: unknown} ? Omit<T, '_score'> & {_score: number} : T
type ResultElement<K extends DefinitionName> = K extends 'searchContent' ? WithScore<ElementOf<ResultOf<K>>> : ElementOf<ResultOf<K>>

type ItemInput<K extends DefinitionName> = K extends keyof LENIENT_ITEMS ? z.input<LENIENT_ITEMS[K]> : ElementOf<z.output<SchemaOf<K>>>

type Contract<K extends DefinitionName> =
  IsLenient<K> extends true
    ? [Accepts<ItemInput<K>, ResultElement<K>>, NoMissingKeys<ResultElement<K>, ItemInput<K>>]
    : [Accepts<z.input<SchemaOf<K>>, ResultOf<K>>, NoMissingKeys<ResultOf<K>, z.input<SchemaOf<K>>>]

type Holds<C> = C extends [true, true] ? true : C

/** Each definition's contract; the error names a failing one and shows its mismatch. */
type Failures = {[K in DefinitionName]: Holds<Contract<K>> extends true ? never : {query: K; failure: Holds<Contract<K>>}}[DefinitionName]
type _everyContractHolds = Assert<[Failures] extends [never] ? true : Failures>

export {}
