import type {Metadata} from 'next'
import {notFound, permanentRedirect} from 'next/navigation'
import {QuoteIndex} from '@/components/collections/QuoteIndex'
import {allQuotes} from '@/lib/site/content/queries'
import {fetchListingPage} from '@/lib/site/pagination/fetch-page'
import {COLLECTION_PAGE_SIZE, pageHref} from '@/lib/site/pagination/pages'
import {indexHref} from '@/lib/site/routes'
import {pageMetadata} from '@/lib/site/seo'

export const revalidate = 300

export async function generateMetadata({params}: PageProps<'/quotes/page/[page]'>): Promise<Metadata> {
  const {page} = await params
  return pageMetadata({title: `Quotes, page ${page}`, path: pageHref(indexHref.quote, Number(page))})
}

export default async function QuotesArchivePage({params}: PageProps<'/quotes/page/[page]'>) {
  const {page} = await params
  if (page === '1') permanentRedirect(indexHref.quote)
  const listing = await fetchListingPage(allQuotes, {page, size: COLLECTION_PAGE_SIZE})
  if (!listing) notFound()
  return <QuoteIndex quotes={listing.items} page={listing.page} hasOlder={listing.hasOlder} />
}
