import type {Metadata} from 'next'
import {notFound} from 'next/navigation'
import {HomeView} from '@/components/listing/HomeView'
import {latestArticles} from '@/lib/content/queries'
import {fetchListingPage} from '@/lib/listing'

export const revalidate = 300

export const metadata: Metadata = {alternates: {canonical: '/'}}

export default async function HomePage() {
  const listing = await fetchListingPage(latestArticles, {})
  if (!listing) notFound()
  return <HomeView articles={listing.items} page={1} hasOlder={listing.hasOlder} />
}
