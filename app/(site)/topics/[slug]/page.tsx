import type {Metadata} from 'next'
import {notFound} from 'next/navigation'
import {ListingView} from '@/components/listing/ListingView'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {topicPage, slugsOf} from '@/lib/content/queries'
import {fetchListingPage} from '@/lib/listing'
import {PRERENDER_LIMIT} from '@/lib/site'

export const revalidate = 300

type Props = {params: Promise<{slug: string; page?: string}>}

export async function generateStaticParams() {
  const slugs = await fetchContent(slugsOf, {type: 'topic', limit: PRERENDER_LIMIT})
  return (slugs ?? []).map((slug) => ({slug}))
}

export async function generateMetadata({params}: Props): Promise<Metadata> {
  const {slug, page} = await params
  const listing = await fetchListingPage(topicPage, {slug}, page, PUBLISHED_ONLY)
  if (!listing) return {}
  const {data} = listing
  const path = page ? `/topics/${slug}/page/${page}` : `/topics/${slug}`
  return {title: data.title, description: data.description ?? `Stories about ${data.title} from Broadsheet.`, alternates: {canonical: path}}
}

export default async function Page({params}: Props) {
  const {slug, page} = await params
  const listing = await fetchListingPage(topicPage, {slug}, page)
  if (!listing) notFound()
  const {data} = listing
  return (
    <ListingView
      title={data.title}
      eyebrow={'Topic'}
      intro={data.description ? <p className="listing-intro">{data.description}</p> : undefined}
      articles={data.items}
      page={listing.page}
      pageCount={listing.pageCount}
      basePath={`/topics/${slug}`}
    />
  )
}
