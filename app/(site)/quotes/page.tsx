import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/site/seo'
import {QuoteIndex} from '@/components/collections/QuoteIndex'
import {allQuotes} from '@/lib/site/content/queries'
import {fetchListingPage} from '@/lib/site/pagination/fetch-page'
import {COLLECTION_PAGE_SIZE} from '@/lib/site/pagination/pages'
import {indexHref} from '@/lib/site/routes'

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
