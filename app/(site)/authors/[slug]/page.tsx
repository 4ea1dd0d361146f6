import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/seo'
import {notFound} from 'next/navigation'
import {ListingView} from '@/components/listing/ListingView'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {authorArticles, authorBySlug, slugsOf} from '@/lib/content/queries'
import {fetchListingPage} from '@/lib/pagination/fetch-page'
import {PRERENDER_LIMIT} from '@/lib/pagination/pages'

export const revalidate = 300

type Props = {params: Promise<{slug: string; page?: string}>}

export async function generateStaticParams() {
  const slugs = await fetchContent(slugsOf, {type: 'author', limit: PRERENDER_LIMIT})
  return (slugs ?? []).map(({slug}) => ({slug}))
}

export async function generateMetadata({params}: Props): Promise<Metadata> {
  const {slug, page} = await params
  const subject = await fetchContent(authorBySlug, {slug}, PUBLISHED_ONLY)
  if (!subject) return {}
  return pageMetadata({
    title: page ? `${subject.name}, page ${page}` : subject.name,
    description: subject.bio ?? `Stories by ${subject.name}.`,
    path: page ? `/authors/${slug}/page/${page}` : `/authors/${slug}`,
  })
}

export default async function Page({params}: Props) {
  const {slug, page} = await params
  const [subject, listing] = await Promise.all([
    fetchContent(authorBySlug, {slug}),
    fetchListingPage(authorArticles, {slug}, page),
  ])
  if (!subject || !listing) notFound()
  return (
    <ListingView
      title={subject.name}
      eyebrow={subject.role ?? 'Author'}
      intro={subject.bio ? <p className="listing-intro">{subject.bio}</p> : undefined}
      articles={listing.items}
      page={listing.page}
      hasOlder={listing.hasOlder}
      basePath={`/authors/${slug}`}
    />
  )
}
