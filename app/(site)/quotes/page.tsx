import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/seo'
import {QuoteIndex} from '@/components/collections/QuoteIndex'
import {allQuotes} from '@/lib/content/queries'
import {fetchListingPage} from '@/lib/pagination/fetch-page'
import {COLLECTION_PAGE_SIZE} from '@/lib/pagination/pages'
import {indexHref} from '@/lib/routes'

export const revalidate = 300

export const metadata: Metadata = pageMetadata({
  title: 'Quotes',
  description: 'What the people running technology companies have said on the record, and where we reported it.',
  path: indexHref.quote,
})

export default async function QuotesPage() {
  const listing = await fetchListingPage(allQuotes, {size: COLLECTION_PAGE_SIZE})
  return <QuoteIndex quotes={listing?.items ?? []} hasOlder={listing?.hasOlder} />
}
