import type {Metadata} from 'next'
import {notFound, permanentRedirect} from 'next/navigation'
import {PrincipleIndex} from '@/components/collections/PrincipleIndex'
import {allPrincipleLists} from '@/lib/content/queries'
import {fetchListingPage} from '@/lib/pagination/fetch-page'
import {COLLECTION_PAGE_SIZE} from '@/lib/pagination/pages'
import {pageMetadata} from '@/lib/seo'

export const revalidate = 300

type Props = {params: Promise<{page: string}>}

export async function generateMetadata({params}: Props): Promise<Metadata> {
  const {page} = await params
  return pageMetadata({title: `Principles, page ${page}`, path: `/principles/page/${page}`})
}

export default async function PrinciplesArchivePage({params}: Props) {
  const {page} = await params
  if (page === '1') permanentRedirect('/principles')
  const listing = await fetchListingPage(allPrincipleLists, {}, page, {}, COLLECTION_PAGE_SIZE)
  if (!listing) notFound()
  return <PrincipleIndex lists={listing.items} page={listing.page} hasOlder={listing.hasOlder} />
}
