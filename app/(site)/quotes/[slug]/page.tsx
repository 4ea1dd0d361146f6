import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/seo'
import {notFound} from 'next/navigation'
import {QuoteDetail} from '@/components/collections/QuoteDetail'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {quoteBySlug, slugsOf} from '@/lib/content/queries'
import {PRERENDER_LIMIT} from '@/lib/pagination/pages'

export const revalidate = 300

type Props = {params: Promise<{slug: string}>}

export async function generateStaticParams() {
  const slugs = await fetchContent(slugsOf, {type: 'quote', limit: PRERENDER_LIMIT})
  return (slugs ?? []).map(({slug}) => ({slug}))
}

export async function generateMetadata({params}: Props): Promise<Metadata> {
  const quote = await fetchContent(quoteBySlug, {slug: (await params).slug}, PUBLISHED_ONLY)
  if (!quote) return {}
  return pageMetadata({
    title: `${quote.speakerName}: “${quote.text.length > 60 ? `${quote.text.slice(0, 57)}…` : quote.text}”`,
    description: quote.text.slice(0, 160),
    path: `/quotes/${quote.slug}`,
  })
}

export default async function QuotePage({params}: Props) {
  const quote = await fetchContent(quoteBySlug, {slug: (await params).slug})
  if (!quote) notFound()
  return <QuoteDetail quote={quote} />
}
