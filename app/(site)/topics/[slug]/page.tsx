import type {Metadata} from 'next'
import {notFound} from 'next/navigation'
import {ListingView} from '@/components/listing/ListingView'
import {prerenderedSlugs} from '@/lib/site/pagination/prerender'
import {topicSubject, fetchSubjectListing, subjectMetadata} from '@/lib/site/pagination/subject-listing'
import {slugFromParam} from '@/lib/site/routes'

export const revalidate = 300

export const generateStaticParams = () => prerenderedSlugs('topic')

export async function generateMetadata({params}: PageProps<'/topics/[slug]'>): Promise<Metadata> {
  // generateMetadata gets the param decoded (the page does not: slugFromParam)
  return subjectMetadata(topicSubject, (await params).slug)
}

export default async function TopicPage({params}: PageProps<'/topics/[slug]'>) {
  const slug = slugFromParam((await params).slug) ?? notFound()
  return <ListingView {...((await fetchSubjectListing(topicSubject, slug)) ?? notFound())} />
}
