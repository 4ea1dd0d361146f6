import {fetchContent, type FetchOptions} from '../content/fetch'
import type {QueryDefinition} from '../content/queries'
import type {ArticleCard} from '../content/models/article'
import {PAGE_SIZE, pageBounds, parsePageNumber} from './pages'
import type {z} from 'zod'

export type ListingPage<T = ArticleCard> = {items: T[]; page: number; hasOlder: boolean}

type ListingOptions = {
  /** The query's own params, e.g. the topic's slug. */
  params?: Record<string, string>
  /** The URL's page segment; none is page 1. */
  page?: string
  size?: number
  fetch?: FetchOptions
}

/**
 * One page of a paginated listing. Null (→ 404) when the page segment is malformed or the page is
 * past the end; page 1 always exists, even when empty.
 */
export async function fetchListingPage<T = ArticleCard>(
  definition: QueryDefinition<z.ZodType<T[]>>,
  {params = {}, page: segment, size = PAGE_SIZE, fetch: options = {}}: ListingOptions = {},
): Promise<ListingPage<T> | null> {
  const page = parsePageNumber(segment)
  if (page === undefined) return null
  const items = await fetchContent(definition, {...params, ...pageBounds(page, size)}, options)
  if (!items || (page > 1 && items.length === 0)) return null
  return {items: items.slice(0, size), page, hasOlder: items.length > size}
}
