import type {Metadata} from 'next'
import {notFound, permanentRedirect} from 'next/navigation'
import {ListingView} from '@/components/listing/ListingView'
import {authorSubject, fetchSubjectListing, subjectMetadata} from '@/lib/site/pagination/subject-listing'
import {hrefFor, slugFromParam} from '@/lib/site/routes'

export const revalidate = 300

export async function generateMetadata({params}: PageProps<'/authors/[slug]/page/[page]'>): Promise<Metadata> {
  const {slug, page} = await params
  return subjectMetadata(authorSubject, slug, page) // decoded here, unlike the page's param
}

export default async function AuthorArchivePage({params}: PageProps<'/authors/[slug]/page/[page]'>) {
  const {slug: param, page} = await params
  const slug = slugFromParam(param) ?? notFound()
  if (page === '1') permanentRedirect(hrefFor('author', slug))
  return <ListingView {...((await fetchSubjectListing(authorSubject, slug, page)) ?? notFound())} />
}
