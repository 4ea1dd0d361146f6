import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/seo'
import {notFound, permanentRedirect} from 'next/navigation'
import {HomeView} from '@/components/listing/HomeView'
import {latestArticles} from '@/lib/content/queries'
import {fetchListingPage} from '@/lib/pagination/fetch-page'

export const revalidate = 300

type Props = {params: Promise<{page: string}>}

export async function generateMetadata({params}: Props): Promise<Metadata> {
  const {page} = await params
  return pageMetadata({title: `Latest stories, page ${page}`, path: `/page/${page}`})
}

export default async function HomeArchivePage({params}: Props) {
  const {page} = await params
  if (page === '1') permanentRedirect('/')
  const listing = await fetchListingPage(latestArticles, {}, page)
  if (!listing) notFound()
  return <HomeView articles={listing.items} page={listing.page} hasOlder={listing.hasOlder} />
}
