import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/site/seo'
import {PrincipleIndex} from '@/components/collections/PrincipleIndex'
import {allPrincipleLists} from '@/lib/site/content/queries'
import {fetchListingPage} from '@/lib/site/pagination/fetch-page'
import {COLLECTION_PAGE_SIZE} from '@/lib/site/pagination/pages'
import {indexHref} from '@/lib/site/routes'

export const revalidate = 300

export const metadata: Metadata = pageMetadata({
  title: 'Principles',
  description: 'The principles technology companies have published to govern what they build, collected in one place.',
  path: indexHref.principleList,
})

export default async function PrinciplesPage() {
  const listing = await fetchListingPage(allPrincipleLists, {size: COLLECTION_PAGE_SIZE})
  return <PrincipleIndex lists={listing?.items ?? []} hasOlder={listing?.hasOlder} />
}
