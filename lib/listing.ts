import {fetchContent, type FetchOptions} from './content/fetch'
import type {QueryDefinition} from './content/queries'
import type {ArticleCard} from './content/schemas'
import {PAGE_SIZE, pageBounds, parsePageNumber} from './site'
import type {z} from 'zod'

export type ListingPage = {items: ArticleCard[]; page: number; hasOlder: boolean}

/**
 * One page of a paginated listing. Null (→ 404) when the page segment is malformed or the page is
 * past the end; page 1 always exists, even when empty.
 */
export async function fetchListingPage(
  definition: QueryDefinition<z.ZodType<ArticleCard[]>>,
  params: Record<string, string>,
  pageSegment?: string,
  options: FetchOptions = {},
): Promise<ListingPage | null> {
  const page = parsePageNumber(pageSegment)
  if (page === undefined) return null
  const items = await fetchContent(definition, {...params, ...pageBounds(page)}, options)
  if (!items || (page > 1 && items.length === 0)) return null
  return {items: items.slice(0, PAGE_SIZE), page, hasOlder: items.length > PAGE_SIZE}
}
