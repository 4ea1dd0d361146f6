import type {Metadata} from 'next'
import {SearchResults} from '@/components/search/SearchResults'
import {fetchContent} from '@/lib/site/content/fetch'
import {searchContent} from '@/lib/site/content/queries'
import {parseSearchInput} from '@/lib/site/search'
import {PAGE_SIZE, pageBounds, parsePageNumber} from '@/lib/site/pagination/pages'

// result pages are for people, not for search engines
export const metadata: Metadata = {title: 'Search', robots: {index: false, follow: true}}

export default async function SearchPage({searchParams}: PageProps<'/search'>) {
  const params = await searchParams
  const input = parseSearchInput(params.q)
  const page = parsePageNumber(typeof params.page === 'string' ? params.page : undefined) ?? 1
  const hits = input.pattern ? ((await fetchContent(searchContent, {q: input.pattern, ...pageBounds(page)})) ?? []) : []
  return <SearchResults input={input} hits={hits.slice(0, PAGE_SIZE)} page={page} hasMore={hits.length > PAGE_SIZE} />
}
