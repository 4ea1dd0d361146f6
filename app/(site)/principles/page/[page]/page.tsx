import type {Metadata} from 'next'
import {notFound, permanentRedirect} from 'next/navigation'
import {PrincipleIndex} from '@/components/collections/PrincipleIndex'
import {allPrincipleLists} from '@/lib/site/content/queries'
import {fetchListingPage} from '@/lib/site/pagination/fetch-page'
import {COLLECTION_PAGE_SIZE, pageHref} from '@/lib/site/pagination/pages'
import {indexHref} from '@/lib/site/routes'
import {pageMetadata} from '@/lib/site/seo'

export const revalidate = 300

export async function generateMetadata({params}: PageProps<'/principles/page/[page]'>): Promise<Metadata> {
  const {page} = await params
  return pageMetadata({title: `Principles, page ${page}`, path: pageHref(indexHref.principleList, Number(page))})
}

export default async function PrinciplesArchivePage({params}: PageProps<'/principles/page/[page]'>) {
  const {page} = await params
  if (page === '1') permanentRedirect(indexHref.principleList)
  const listing = await fetchListingPage(allPrincipleLists, {page, size: COLLECTION_PAGE_SIZE})
  if (!listing) notFound()
  return <PrincipleIndex lists={listing.items} page={listing.page} hasOlder={listing.hasOlder} />
}
