import type {Metadata} from 'next'
import {PrincipleIndex} from '@/components/collections/PrincipleIndex'
import {fetchContent} from '@/lib/content/fetch'
import {allPrincipleLists} from '@/lib/content/queries'

export const revalidate = 300

export const metadata: Metadata = {
  title: 'Principles',
  description: 'The principles technology companies have published to govern what they build, collected in one place.',
  alternates: {canonical: '/principles'},
}

export default async function PrinciplesPage() {
  const lists = (await fetchContent(allPrincipleLists)) ?? []
  return <PrincipleIndex lists={lists} />
}
