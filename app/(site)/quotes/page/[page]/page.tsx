import type {Metadata} from 'next'
import {notFound, permanentRedirect} from 'next/navigation'
import {QuoteIndex} from '@/components/collections/QuoteIndex'
import {allQuotes} from '@/lib/content/queries'
import {fetchListingPage} from '@/lib/pagination/fetch-page'
import {COLLECTION_PAGE_SIZE} from '@/lib/pagination/pages'
import {pageMetadata} from '@/lib/seo'

export const revalidate = 300

type Props = {params: Promise<{page: string}>}

export async function generateMetadata({params}: Props): Promise<Metadata> {
  const {page} = await params
  return pageMetadata({title: `Quotes, page ${page}`, path: `/quotes/page/${page}`})
}

export default async function QuotesArchivePage({params}: Props) {
  const {page} = await params
  if (page === '1') permanentRedirect('/quotes')
  const listing = await fetchListingPage(allQuotes, {}, page, {}, COLLECTION_PAGE_SIZE)
  if (!listing) notFound()
  return <QuoteIndex quotes={listing.items} page={listing.page} hasOlder={listing.hasOlder} />
}
