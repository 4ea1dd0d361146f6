import type {z} from 'zod'
import {fetchContent, type FetchOptions} from './content/fetch'
import type {QueryDefinition} from './content/queries'
import type {ArticleCard} from './content/schemas'
import {pageBounds, pageCount, parsePageNumber} from './site'

type Paged = {items: ArticleCard[]; total: number}

/**
 * Fetches one page of a paginated listing. Returns null (→ 404) when the page segment is malformed,
 * the listing's document is missing, or the page is past the end.
 */
export async function fetchListingPage<S extends z.ZodType<Paged | null>>(
  definition: QueryDefinition<S>,
  params: Record<string, string>,
  pageSegment?: string,
  options: FetchOptions = {},
): Promise<{data: NonNullable<z.output<S>>; page: number; pageCount: number} | null> {
  const page = parsePageNumber(pageSegment)
  if (page === undefined) return null
  const data = await fetchContent(definition, {...params, ...pageBounds(page)}, options)
  if (!data) return null
  const count = pageCount(data.total)
  if (page > count) return null
  return {data: data as NonNullable<z.output<S>>, page, pageCount: count}
}
