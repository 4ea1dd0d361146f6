import type {Metadata} from 'next'
import {notFound} from 'next/navigation'
import {ListingView} from '@/components/listing/ListingView'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {authorPage, slugsOf} from '@/lib/content/queries'
import {fetchListingPage} from '@/lib/listing'
import {PRERENDER_LIMIT} from '@/lib/site'

export const revalidate = 300

type Props = {params: Promise<{slug: string; page?: string}>}

export async function generateStaticParams() {
  const slugs = await fetchContent(slugsOf, {type: 'author', limit: PRERENDER_LIMIT})
  return (slugs ?? []).map((slug) => ({slug}))
}

export async function generateMetadata({params}: Props): Promise<Metadata> {
  const {slug, page} = await params
  const listing = await fetchListingPage(authorPage, {slug}, page, PUBLISHED_ONLY)
  if (!listing) return {}
  const {data} = listing
  const path = page ? `/authors/${slug}/page/${page}` : `/authors/${slug}`
  return {title: data.name, description: data.bio ?? `Stories by ${data.name}.`, alternates: {canonical: path}}
}

export default async function Page({params}: Props) {
  const {slug, page} = await params
  const listing = await fetchListingPage(authorPage, {slug}, page)
  if (!listing) notFound()
  const {data} = listing
  return (
    <ListingView
      title={data.name}
      eyebrow={data.role ?? 'Author'}
      intro={data.bio ? <p className="listing-intro">{data.bio}</p> : undefined}
      articles={data.items}
      page={listing.page}
      pageCount={listing.pageCount}
      basePath={`/authors/${slug}`}
    />
  )
}
