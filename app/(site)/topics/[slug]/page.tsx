import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/seo'
import {notFound} from 'next/navigation'
import {ListingView} from '@/components/listing/ListingView'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {topicArticles, topicBySlug, slugsOf} from '@/lib/content/queries'
import {fetchListingPage} from '@/lib/pagination/fetch-page'
import {PRERENDER_LIMIT} from '@/lib/pagination/pages'

export const revalidate = 300

type Props = {params: Promise<{slug: string; page?: string}>}

export async function generateStaticParams() {
  const slugs = await fetchContent(slugsOf, {type: 'topic', limit: PRERENDER_LIMIT})
  return (slugs ?? []).map(({slug}) => ({slug}))
}

export async function generateMetadata({params}: Props): Promise<Metadata> {
  const {slug, page} = await params
  const subject = await fetchContent(topicBySlug, {slug}, PUBLISHED_ONLY)
  if (!subject) return {}
  return pageMetadata({
    title: page ? `${subject.title}, page ${page}` : subject.title,
    description: subject.description ?? `Stories about ${subject.title} from Broadsheet.`,
    path: page ? `/topics/${slug}/page/${page}` : `/topics/${slug}`,
  })
}

export default async function Page({params}: Props) {
  const {slug, page} = await params
  const [subject, listing] = await Promise.all([
    fetchContent(topicBySlug, {slug}),
    fetchListingPage(topicArticles, {slug}, page),
  ])
  if (!subject || !listing) notFound()
  return (
    <ListingView
      title={subject.title}
      eyebrow={'Topic'}
      intro={subject.description ? <p className="listing-intro">{subject.description}</p> : undefined}
      articles={listing.items}
      page={listing.page}
      hasOlder={listing.hasOlder}
      basePath={`/topics/${slug}`}
    />
  )
}
