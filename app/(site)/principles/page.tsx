import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/seo'
import {PrincipleIndex} from '@/components/collections/PrincipleIndex'
import {fetchContent} from '@/lib/content/fetch'
import {allPrincipleLists} from '@/lib/content/queries'

export const revalidate = 300

export const metadata: Metadata = pageMetadata({
  title: 'Principles',
  description: 'The principles technology companies have published to govern what they build, collected in one place.',
  path: '/principles',
})

export default async function PrinciplesPage() {
  const lists = (await fetchContent(allPrincipleLists)) ?? []
  return <PrincipleIndex lists={lists} />
}
