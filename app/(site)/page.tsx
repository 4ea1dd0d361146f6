import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/site/seo'
import {notFound} from 'next/navigation'
import {HomeView} from '@/components/listing/HomeView'
import {latestArticles} from '@/lib/site/content/queries'
import {fetchListingPage} from '@/lib/site/pagination/fetch-page'

export const revalidate = 300

export const metadata: Metadata = {
  ...pageMetadata({
    title: 'Broadsheet: technology news',
    description: 'Technology news, with the quotes and principles behind the stories.',
    path: '/',
  }),
  title: {absolute: 'Broadsheet: technology news'},
}

export default async function HomePage() {
  const listing = await fetchListingPage(latestArticles)
  if (!listing) notFound()
  return <HomeView articles={listing.items} page={1} hasOlder={listing.hasOlder} />
}
