import type {Metadata} from 'next'
import {notFound} from 'next/navigation'
import {ListingView} from '@/components/listing/ListingView'
import {prerenderedSlugs} from '@/lib/site/pagination/prerender'
import {authorSubject, fetchSubjectListing, subjectMetadata} from '@/lib/site/pagination/subject-listing'
import {slugFromParam} from '@/lib/site/routes'

export const revalidate = 300

export const generateStaticParams = () => prerenderedSlugs('author')

export async function generateMetadata({params}: PageProps<'/authors/[slug]'>): Promise<Metadata> {
  // generateMetadata gets the param decoded (the page does not: slugFromParam)
  return subjectMetadata(authorSubject, (await params).slug)
}

export default async function AuthorPage({params}: PageProps<'/authors/[slug]'>) {
  const slug = slugFromParam((await params).slug) ?? notFound()
  return <ListingView {...((await fetchSubjectListing(authorSubject, slug)) ?? notFound())} />
}
