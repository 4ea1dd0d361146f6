import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/site/seo'
import {notFound, permanentRedirect} from 'next/navigation'
import {HomeView} from '@/components/listing/HomeView'
import {latestArticles} from '@/lib/site/content/queries'
import {fetchListingPage} from '@/lib/site/pagination/fetch-page'
import {pageHref} from '@/lib/site/pagination/pages'
import {indexHref} from '@/lib/site/routes'

export const revalidate = 300

export async function generateMetadata({params}: PageProps<'/page/[page]'>): Promise<Metadata> {
  const {page} = await params
  return pageMetadata({title: `Latest stories, page ${page}`, path: pageHref(indexHref.article, Number(page))})
}

export default async function HomeArchivePage({params}: PageProps<'/page/[page]'>) {
  const {page} = await params
  if (page === '1') permanentRedirect(indexHref.article)
  const listing = await fetchListingPage(latestArticles, {page})
  if (!listing) notFound()
  return <HomeView articles={listing.items} page={listing.page} hasOlder={listing.hasOlder} />
}
